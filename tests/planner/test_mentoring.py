"""Mentoring services: invite, accept, review, verify, end."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from config.errors import NotFound
from planner.models import (
    Evidence,
    LearnerSkill,
    LearnerSkillChange,
    MentorshipStatus,
    Review,
)
from planner.selectors.mentoring import mentee_rows
from planner.selectors.roadmaps import roadmap_view
from planner.services import mentoring, update_item
from tests.conftest import send_outbox
from tests.factories import roadmap_for


@pytest.fixture
def mentorship(learner, mentor, roadmap, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invited = mentoring.invite_mentor(learner=learner, email="Mentor@Example.com")
    return mentoring.accept_mentorship(mentor=mentor, token=invited.token)


def test_inviting_a_mentor_sends_an_email_with_the_accept_link(
    learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invited = mentoring.invite_mentor(learner=learner, email="someone@example.com")
    assert invited.status == MentorshipStatus.INVITED
    assert mail.outbox == []  # the request only wrote the outbox row
    send_outbox()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["someone@example.com"]
    assert f"/mentors/accept/{invited.token}/" in message.body
    assert "Ada" in message.subject


def test_a_learner_cannot_invite_themselves_or_the_same_person_twice(learner):
    with pytest.raises(ValidationError, match="own mentor"):
        mentoring.invite_mentor(learner=learner, email=learner.email.upper())
    mentoring.invite_mentor(learner=learner, email="m@example.com")
    with pytest.raises(ValidationError, match="already invited"):
        mentoring.invite_mentor(learner=learner, email="M@example.com")


def test_an_invalid_email_is_refused(learner):
    with pytest.raises(ValidationError, match="valid email"):
        mentoring.invite_mentor(learner=learner, email="not-an-email")


def test_accepting_by_token_makes_the_mentorship_active(mentorship, mentor):
    assert mentorship.status == MentorshipStatus.ACTIVE
    assert mentorship.mentor == mentor
    assert mentorship.accepted_at is not None


def test_a_used_token_cannot_be_accepted_again(mentorship, other_learner):
    with pytest.raises(NotFound):
        mentoring.accept_mentorship(mentor=other_learner, token=mentorship.token)


def test_accepting_by_id_needs_the_invited_address(learner, mentor, other_learner):
    invited = mentoring.invite_mentor(learner=learner, email=mentor.email)
    with pytest.raises(NotFound):
        mentoring.accept_mentorship(mentor=other_learner, mentorship_id=invited.pk)
    accepted = mentoring.accept_mentorship(mentor=mentor, mentorship_id=invited.pk)
    assert accepted.status == MentorshipStatus.ACTIVE


def test_a_learner_cannot_accept_their_own_invitation(learner):
    invited = mentoring.invite_mentor(learner=learner, email="m@example.com")
    with pytest.raises(ValidationError):
        mentoring.accept_mentorship(mentor=learner, token=invited.token)


def test_a_mentor_verifies_a_level_with_source_mentor_and_history(mentorship, mentor, learner):
    review = mentoring.add_review(
        mentor=mentor, learner_id=learner.pk, kind="verify_level", skill="python", level=3
    )
    assert review.kind == "verify_level" and review.level == 3
    row = LearnerSkill.objects.get(user=learner, skill__slug="python")
    assert (row.level, row.source) == (3, "mentor")
    change = LearnerSkillChange.objects.filter(user=learner, skill__slug="python").first()
    assert change.changed_by == mentor and change.source == "mentor"


def test_verifying_from_an_item_verifies_the_items_level(mentorship, mentor, learner, roadmap):
    item = roadmap.items.filter(kind="skill").first()
    mentoring.add_review(mentor=mentor, learner_id=learner.pk, kind="verify_level", item_id=item.pk)
    row = LearnerSkill.objects.get(user=learner, skill=item.skill)
    assert (row.level, row.source) == (item.to_level, "mentor")


def test_a_skipped_step_counts_as_done_once_a_mentor_verifies_its_level(
    mentorship, mentor, learner, roadmap
):
    item = roadmap.items.filter(kind="skill").first()
    update_item(user=learner, item_id=item.pk, status="skipped")
    counted = {i.id: i.counts_done for i in roadmap_view(roadmap).items}
    assert counted[item.pk] is False
    mentoring.add_review(mentor=mentor, learner_id=learner.pk, kind="verify_level", item_id=item.pk)
    counted = {i.id: i.counts_done for i in roadmap_view(roadmap).items}
    assert counted[item.pk] is True


def test_a_mentor_comments_on_an_item(mentorship, mentor, learner, roadmap):
    item = roadmap.items.first()
    review = mentoring.add_review(
        mentor=mentor, learner_id=learner.pk, kind="comment", item_id=item.pk, comment="Nice!"
    )
    assert review.item_key == item.key


def test_an_empty_comment_is_refused(mentorship, mentor, learner, roadmap):
    with pytest.raises(ValidationError, match="Write a comment"):
        mentoring.add_review(mentor=mentor, learner_id=learner.pk, kind="comment", comment=" ")


def test_a_mentor_verifies_evidence(mentorship, mentor, learner, roadmap):
    item = roadmap.items.first()
    evidence = Evidence.objects.create(item=item, url="https://example.com/work")
    mentoring.add_review(
        mentor=mentor, learner_id=learner.pk, kind="verify_evidence", evidence_id=evidence.pk
    )
    evidence.refresh_from_db()
    assert evidence.verified_by == mentor and evidence.verified_at is not None


def test_evidence_of_another_learner_cannot_be_verified(mentorship, mentor, learner, other_learner):
    _, other_roadmap = roadmap_for(other_learner)
    evidence = Evidence.objects.create(item=other_roadmap.items.first(), url="https://x.example")
    with pytest.raises(ValidationError):
        mentoring.add_review(
            mentor=mentor, learner_id=learner.pk, kind="verify_evidence", evidence_id=evidence.pk
        )


def test_verifying_a_level_outside_0_to_5_is_refused(mentorship, mentor, learner):
    with pytest.raises(ValidationError, match="between 0 and 5"):
        mentoring.add_review(
            mentor=mentor, learner_id=learner.pk, kind="verify_level", skill="python", level=6
        )


def test_after_the_learner_ends_it_the_mentor_can_do_nothing(mentorship, mentor, learner):
    mentoring.end_mentorship(learner=learner, mentorship_id=mentorship.pk)
    with pytest.raises(NotFound):
        mentoring.add_review(
            mentor=mentor, learner_id=learner.pk, kind="verify_level", skill="python", level=2
        )
    assert mentee_rows(mentor) == []
    assert not Review.objects.exists()


def test_only_the_learner_can_end_their_mentorship(mentorship, mentor):
    with pytest.raises(NotFound):
        mentoring.end_mentorship(learner=mentor, mentorship_id=mentorship.pk)


def test_the_dashboard_row_has_progress_verdict_activity_and_pending_evidence(
    mentorship, mentor, learner, roadmap
):
    item = roadmap.items.filter(kind="skill").first()
    update_item(user=learner, item_id=item.pk, status="done")
    Evidence.objects.create(item=item, url="https://example.com/a")
    [row] = mentee_rows(mentor)
    assert row.learner == learner
    assert row.progress > 0
    assert row.roadmap.state in {"on_track", "behind", "ahead"}
    assert row.last_activity_at is not None
    assert row.pending_evidence == 1
