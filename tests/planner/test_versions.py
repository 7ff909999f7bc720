"""Versions people can read: the right reason for each kind of change, a diff that leads with
the finish date, reasons written for the role aimed at now."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from curriculum.models import Role
from planner.models import ItemStatus, LearnerSkill
from planner.services import reassess, set_skill_levels, update_item, update_profile
from planner.services.mentoring import accept_mentorship, add_review, invite_mentor
from planner.services.roadmaps import profile_change_reason
from tests.factories import roadmap_for


@pytest.fixture
def client_in(client, learner):
    client.force_login(learner)
    return client


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        (["target_role"], "goal changed"),
        (["include_nice_to_have"], "goal changed"),
        (["weekly_hours"], "weekly hours changed"),
        (["target_date"], "target date changed"),
        (["weekly_hours", "target_date"], "weekly hours and target date changed"),
        (
            ["target_role", "weekly_hours", "target_date"],
            "goal, weekly hours and target date changed",
        ),
    ],
)
def test_a_profile_change_is_named_by_what_changed(fields, reason):
    assert profile_change_reason(fields) == reason


def _reassessed_reason(learner):
    result = reassess(user=learner)
    assert result.new_version
    return result.roadmap.reason


def test_changing_only_hours_and_target_date_is_not_called_a_goal_change(learner):
    roadmap_for(learner)
    update_profile(
        user=learner,
        weekly_hours=15,
        target_date=timezone.localdate() + timedelta(days=800),
    )
    assert _reassessed_reason(learner) == "weekly hours and target date changed"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda u: update_profile(user=u, target_role=Role.objects.get(slug="data-analyst")),
            "goal changed",
        ),
        (lambda u: update_profile(user=u, weekly_hours=20), "weekly hours changed"),
        (
            lambda u: update_profile(
                user=u, target_date=timezone.localdate() + timedelta(days=400)
            ),
            "target date changed",
        ),
        (lambda u: set_skill_levels(user=u, levels={"statistics": 3}), "skill levels changed"),
    ],
)
def test_reassessment_names_each_kind_of_change(learner, change, reason):
    roadmap_for(learner)
    change(learner)
    assert _reassessed_reason(learner) == reason


def test_a_level_a_mentor_verified_is_its_own_reason(learner, mentor):
    _, roadmap = roadmap_for(learner)
    mentorship = invite_mentor(learner=learner, email=mentor.email)
    accept_mentorship(mentor=mentor, mentorship_id=mentorship.pk)
    item = roadmap.items.filter(kind="skill").order_by("position")[2]
    add_review(mentor=mentor, learner_id=learner.pk, kind="verify_level", item_id=item.pk)
    assert LearnerSkill.objects.get(user=learner, skill=item.skill).source == "mentor"
    assert _reassessed_reason(learner) == "a mentor verified a level"


def test_a_curriculum_change_and_falling_behind_are_their_own_reasons(learner):
    from curriculum.revision import bump_revision

    roadmap_for(learner)
    bump_revision()
    assert _reassessed_reason(learner) == "curriculum changed"
    far_later = timezone.localdate() + timedelta(weeks=12)
    result = reassess(user=learner, today=far_later)
    assert result.new_version and result.roadmap.reason == "behind schedule"


def test_the_diff_of_an_hours_change_leads_with_the_finish_dates_and_moves_in_dates(
    client_in, learner
):
    _, first = roadmap_for(learner, hours=10)
    update_profile(user=learner, weekly_hours=15)
    second = reassess(user=learner).roadmap
    diff = second.diff
    assert diff["finish"] == {
        "from": first.finish_date.isoformat(),
        "to": second.finish_date.isoformat(),
    }
    assert diff["inputs"]["weekly_hours"] == {"from": 10, "to": 15}
    assert all(abs(m["to_week"] - m["from_week"]) >= 1 for m in diff["moved"])
    assert all("from_date" in m and "to_date" in m for m in diff["moved"])
    html = client_in.get(reverse("planner:roadmap-version", args=[2])).content.decode()
    lead = html.split('class="diff-lead"')[1].split("</p>")[0]
    assert f"{first.finish_date:%-d %B %Y}" in lead and f"{second.finish_date:%-d %B %Y}" in lead
    assert "10 → 15 h a week" in lead
    assert "week 3.8" not in html and "Moved by more than a week" in html
    api = client_in.get("/api/v1/me/roadmaps/2/diff/").json()
    assert api["finish"]["to"] == second.finish_date.isoformat()


def test_version_1_says_it_is_the_first_plan_not_what_changed_from_version_0(client_in, learner):
    roadmap_for(learner)
    html = client_in.get(reverse("planner:roadmap-version", args=[1])).content.decode()
    assert "version 0" not in html and "Your first plan" in html


def test_after_a_goal_change_done_steps_are_explained_for_the_new_role(learner):
    _, first = roadmap_for(learner, role="machine-learning-engineer")
    for item in first.items.filter(kind="skill").order_by("position")[:4]:
        update_item(user=learner, item_id=item.pk, status=ItemStatus.DONE)
    update_profile(user=learner, target_role=Role.objects.get(slug="data-scientist"))
    second = reassess(user=learner).roadmap
    done = second.items.filter(status=ItemStatus.DONE)
    assert done.count() == 4
    for item in done:
        assert all("Machine learning engineer" not in r or "aiming at" in r for r in item.reasons)


def test_the_roles_page_and_the_roadmap_give_the_same_hours(client, learner):
    _, roadmap = roadmap_for(learner, role="data-scientist")
    client.force_login(learner)
    html = client.get(reverse("planner:roles")).content.decode()
    card = html.split('id="role-data-scientist"')[1].split("</article>")[0]
    assert f"<strong>{roadmap.total_hours:.0f} h</strong> to ready" in card


def test_a_plan_is_not_ahead_on_its_first_day_however_much_is_done(learner):
    _, roadmap = roadmap_for(learner, hours=10)
    for item in roadmap.items.order_by("position")[:3]:
        update_item(user=learner, item_id=item.pk, status=ItemStatus.DONE)
    result = reassess(user=learner)
    assert result.state == "on_track"
    later = reassess(user=learner, today=timezone.localdate() + timedelta(days=8))
    assert later.state == "ahead", "a week on, the same work is worth saying"
