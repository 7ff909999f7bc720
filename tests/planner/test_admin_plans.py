"""The admin shows learners' plans as plans, keeps audit records read-only, and names people."""

import pytest
from django.urls import reverse

from planner.models import LearnerSkillChange, Review
from planner.services import set_skill_levels
from planner.services.mentoring import accept_mentorship, add_review, invite_mentor
from tests.factories import UserFactory, roadmap_for


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))
    client.raise_request_exception = False  # a refusal is the 403 the browser gets
    return client


def test_a_roadmap_reads_as_stages_steps_and_statuses_not_json(staff_client, learner):
    set_skill_levels(user=learner, levels={"python": 2})
    _, roadmap = roadmap_for(learner)
    html = staff_client.get(
        reverse("admin:planner_roadmap_change", args=[roadmap.pk])
    ).content.decode()
    for title in ("0–6 months", "6–18 months", "18+ months"):
        assert f"<h3>{title} (" in html
    first = roadmap.items.filter(kind="skill").order_by("position").first()
    assert f"{first.skill.name}: level {first.from_level} → {first.to_level}" in html
    assert "to do" in html and "Python 2" in html, "levels by name, not JSON"
    assert '{"python"' not in html and "&quot;python&quot;" not in html


def test_audit_records_cannot_be_added_edited_or_deleted(staff_client, learner, mentor):
    _, roadmap = roadmap_for(learner)
    set_skill_levels(user=learner, levels={"python": 1})
    mentorship = invite_mentor(learner=learner, email=mentor.email)
    accept_mentorship(mentor=mentor, mentorship_id=mentorship.pk)
    add_review(mentor=mentor, learner_id=learner.pk, kind="comment", comment="Hi")
    change = LearnerSkillChange.objects.first()
    assert staff_client.get(reverse("admin:planner_learnerskillchange_add")).status_code == 403
    assert (
        staff_client.post(
            reverse("admin:planner_learnerskillchange_delete", args=[change.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    listing = staff_client.get(reverse("admin:planner_learnerskillchange_changelist"))
    assert "delete_selected" not in listing.content.decode()
    assert LearnerSkillChange.objects.filter(pk=change.pk).exists()
    review = Review.objects.get()
    assert staff_client.get(reverse("admin:planner_review_add")).status_code == 403
    html = staff_client.get(reverse("admin:planner_review_changelist")).content.decode()
    assert "Ada" in html and "Marie" in html and "delete_selected" not in html
    assert str(review) == "Comment by Marie for Ada"
    assert str(change) == "Ada: Python 0 → 1 (self)"
