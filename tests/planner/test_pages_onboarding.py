"""Onboarding: goal (role, hours, target date), self-assessment, first roadmap; validation."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from planner.models import LearnerProfile, LearnerSkill, Roadmap
from tests.conftest import send_outbox


@pytest.fixture
def client_in(client, learner):
    client.force_login(learner)
    return client


def goal(client, **data):
    values = {"target_role": "data-scientist", "weekly_hours": "10", **data}
    return client.post(reverse("planner:onboarding"), values)


def test_the_goal_page_shows_each_roles_description_tasks_and_tools(client_in):
    html = client_in.get(reverse("planner:onboarding")).content.decode()
    assert "Machine learning engineer" in html
    assert "Tasks:" in html and "Tools:" in html
    assert "h to job-ready" not in html  # no levels known yet


def test_role_fit_appears_once_levels_are_known(client_in, learner):
    from planner.services import set_skill_levels

    set_skill_levels(user=learner, levels={"python": 3})
    assert "h to job-ready" in client_in.get(reverse("planner:onboarding")).content.decode()


@pytest.mark.parametrize("hours", ["0", "81", "-3", "lots"])
def test_hours_outside_1_to_80_get_a_clear_message(client_in, hours):
    response = goal(client_in, weekly_hours=hours)
    assert response.status_code == 200
    assert "Weekly hours must be between 1 and 80." in response.content.decode()
    assert not LearnerProfile.objects.filter(target_role__isnull=False).exists()


def test_an_unknown_role_gets_a_clear_message(client_in):
    response = goal(client_in, target_role="astronaut")
    assert "Unknown role: choose one of the roles listed." in response.content.decode()


def test_a_target_date_in_the_past_is_refused(client_in):
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert "must be in the future" in goal(client_in, target_date=past).content.decode()


def test_a_valid_goal_leads_to_the_self_assessment(client_in, learner):
    response = goal(client_in, weekly_hours="12.5")
    assert response["Location"] == reverse("planner:onboarding-skills")
    profile = LearnerProfile.objects.get(user=learner)
    assert profile.target_role.slug == "data-scientist" and profile.weekly_hours == 12.5


def test_the_self_assessment_shows_level_descriptors_by_area(client_in):
    goal(client_in)
    html = client_in.get(reverse("planner:onboarding-skills")).content.decode()
    assert "Mathematics" in html
    assert "2 · advanced beginner — " in html
    assert "Data scientist needs level" in html


def test_a_level_outside_0_to_5_gets_a_clear_message(client_in, learner):
    goal(client_in)
    response = client_in.post(reverse("planner:onboarding-skills"), {"skill-python": "7"})
    assert response.status_code == 200
    assert "Choose a level between 0 (none) and 5 (expert)." in response.content.decode()
    assert not Roadmap.objects.filter(user=learner).exists()


def test_the_self_assessment_ends_on_the_first_roadmap(client_in, learner):
    goal(client_in)
    response = client_in.post(
        reverse("planner:onboarding-skills"), {"skill-python": "2", "skill-sql": "1"}
    )
    assert response["Location"] == reverse("planner:roadmap")
    assert dict(LearnerSkill.objects.filter(user=learner).values_list("skill__slug", "level")) == {
        "python": 2,
        "sql": 1,
    }
    roadmap = Roadmap.objects.get(user=learner)
    assert roadmap.version == 1 and roadmap.reason == "first plan"


def test_reassessing_keeps_a_mentor_verified_level_the_learner_did_not_touch(client_in, learner):
    from planner.services import set_skill_levels

    goal(client_in)
    client_in.post(reverse("planner:onboarding-skills"), {"skill-python": "2"})
    set_skill_levels(user=learner, levels={"sql": 2}, source="mentor")
    client_in.post(reverse("planner:onboarding-skills"), {"skill-python": "3", "skill-sql": "2"})
    assert LearnerSkill.objects.get(user=learner, skill__slug="sql").source == "mentor"
    assert Roadmap.objects.filter(user=learner).count() == 2


def test_changing_hours_later_makes_a_new_version(client_in, learner):
    goal(client_in)
    client_in.post(reverse("planner:onboarding-skills"), {})
    response = goal(client_in, weekly_hours="20")
    assert response["Location"] == reverse("planner:roadmap-version", args=[2])
    assert Roadmap.objects.get(user=learner, version=2).reason == "weekly hours changed"


# The same validation through the API answers 400.


@pytest.mark.parametrize("hours", [0, 81])
def test_the_api_refuses_hours_outside_1_to_80(learner_api, hours):
    response = learner_api.patch(reverse("api:planner:me"), {"weekly_hours": hours}, format="json")
    assert response.status_code == 400
    assert "weekly_hours" in response.json()


def test_the_api_refuses_an_unknown_role(learner_api):
    response = learner_api.patch(
        reverse("api:planner:me"), {"target_role": "astronaut"}, format="json"
    )
    assert response.status_code == 400
    assert "target_role" in response.json()


@pytest.mark.parametrize(
    ("level", "reason"), [(-1, "greater than or equal to 0"), (6, "less than or equal to 5")]
)
def test_the_api_refuses_a_level_outside_0_to_5(learner_api, learner, level, reason):
    response = learner_api.put(
        reverse("api:planner:my-skills"), [{"skill": "python", "level": level}], format="json"
    )
    assert response.status_code == 400
    assert reason in response.json()["0"]["level"][0], "the entry, the field and the reason"
    assert not learner.skill_levels.exists()


def test_the_self_assessment_asks_only_about_the_roles_skills_and_their_prerequisites(
    client, learner
):
    from curriculum.models import Role, Skill
    from planner.engine import role_profile
    from planner.services import update_profile
    from planner.snapshot import curriculum_graph

    # Data scientist: its closure holds prerequisites it does not require (calculus, NumPy).
    update_profile(user=learner, target_role=Role.objects.get(slug="data-scientist"))
    client.force_login(learner)
    html = client.get(reverse("planner:onboarding-skills")).content.decode()
    closure = role_profile(curriculum_graph(), "data-scientist")
    asked = {s for s in Skill.objects.values_list("slug", flat=True) if f'id="q-{s}"' in html}
    assert asked == set(closure)
    assert len(asked) < Skill.objects.count() / 2
    assert "needed up to level" in html, "prerequisites say why they are asked"
    assert 'id="skill-prerequisites"' in html


def test_a_previews_role_and_hours_carry_into_sign_up_and_onboarding(client, db):
    client.get(reverse("accounts:signup") + "?role=mlops-engineer&weekly_hours=7.5")
    client.post(
        reverse("accounts:signup"),
        {
            "name": "Lin",
            "email": "lin@example.com",
            "password1": "a-long-learning-path-42",
            "password2": "a-long-learning-path-42",
        },
    )
    send_outbox()
    # The emailed link carries them (another browser: tests/accounts/test_sign_up_pages.py).
    link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", mail.outbox[0].body)
    response = client.post(link.group(1))
    assert response["Location"] == reverse("planner:onboarding")
    html = client.get(reverse("planner:onboarding")).content.decode()
    assert re.search(r'<input[^>]*value="mlops-engineer"[^>]*checked>', html)
    assert 'name="weekly_hours" value="7.5"' in html


def test_hours_are_shown_as_typed_not_with_a_trailing_zero(client, learner):
    from curriculum.models import Role
    from planner.services import update_profile

    update_profile(user=learner, target_role=Role.objects.get(slug="data-analyst"), weekly_hours=10)
    client.force_login(learner)
    html = client.get(reverse("planner:onboarding")).content.decode()
    assert 'name="weekly_hours" value="10"' in html and 'value="10.0"' not in html
