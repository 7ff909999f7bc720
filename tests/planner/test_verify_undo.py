"""A mentor's Verify on a mentee's roadmap page can be undone for 10 minutes, as an answer
in the review queue can: the level (or the link) goes back to what it was."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from config.errors import NotFound
from planner.models import (
    Evidence,
    LearnerSkill,
    Review,
    ReviewRequestStatus,
)
from planner.services.learners import set_skill_levels
from planner.services.mentoring import accept_mentorship, add_review, invite_mentor
from planner.services.review_requests import (
    UNDO_WINDOW,
    answer_review_request,
    request_review,
    undo_review,
)
from tests.factories import UserFactory, roadmap_for

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def step(learner, mentor):
    _, roadmap = roadmap_for(learner)
    mentorship = invite_mentor(learner=learner, email=mentor.email)
    accept_mentorship(mentor=mentor, mentorship_id=mentorship.pk)
    return roadmap.items.filter(kind="skill").order_by("position").first()


def verify(mentor, learner, step) -> Review:
    return add_review(mentor=mentor, learner_id=learner.pk, kind="verify_level", item_id=step.pk)


def test_undo_puts_back_the_level_and_its_source(learner, mentor, step):
    set_skill_levels(user=learner, levels={step.skill.slug: step.from_level}, source="self")
    review = verify(mentor, learner, step)
    row = LearnerSkill.objects.get(user=learner, skill=step.skill)
    assert (row.level, row.source) == (step.to_level, "mentor")

    undo_review(mentor=mentor, review_id=review.pk)
    row.refresh_from_db()
    assert (row.level, row.source) == (step.from_level, "self")
    assert not Review.objects.exists()


def test_a_verified_link_goes_back_to_unverified(learner, mentor, step):
    link = Evidence.objects.create(item=step, url="https://example.com/work")
    review = add_review(
        mentor=mentor, learner_id=learner.pk, kind="verify_evidence", evidence_id=link.pk
    )
    undo_review(mentor=mentor, review_id=review.pk)
    link.refresh_from_db()
    assert link.verified_at is None and link.verified_by is None


def test_too_late_a_comment_or_someone_elses_cannot_be_undone(learner, mentor, step):
    review = verify(mentor, learner, step)
    later = timezone.now() + UNDO_WINDOW + timedelta(seconds=1)
    with pytest.raises(ValidationError, match="Too late"):
        undo_review(mentor=mentor, review_id=review.pk, now=later)
    comment = add_review(
        mentor=mentor, learner_id=learner.pk, kind="comment", item_id=step.pk, comment="Hi"
    )
    with pytest.raises(ValidationError, match="Only a verification"):
        undo_review(mentor=mentor, review_id=comment.pk)
    with pytest.raises(NotFound):
        undo_review(mentor=UserFactory(), review_id=review.pk)
    assert LearnerSkill.objects.get(user=learner, skill=step.skill).level == step.to_level


def test_undoing_a_verification_given_as_an_answer_reopens_the_request(learner, mentor, step):
    asked = request_review(learner=learner, item_id=step.pk)
    answer_review_request(mentor=mentor, request_id=asked.pk, verdict="verified")
    review = Review.objects.get(kind="verify_level")
    undo_review(mentor=mentor, review_id=review.pk)
    asked.refresh_from_db()
    assert asked.status == ReviewRequestStatus.OPEN
    assert LearnerSkill.objects.get(user=learner, skill=step.skill).level == 0


def test_the_card_offers_undo_after_verify_and_verify_again_after_undo(
    client, learner, mentor, step
):
    client.force_login(mentor)
    url = reverse("planner:mentee-review", args=[learner.pk])
    confirmed = {"kind": "verify_level", "item": step.pk, "confirm": "1"}
    html = client.post(url, confirmed, **HTMX).content.decode()
    review = Review.objects.get()
    undo_url = reverse("planner:mentee-review-undo", args=[learner.pk, review.pk])
    assert f'hx-post="{undo_url}"' in html and "data-focus-next>Undo" in html
    assert "You can undo it for 10 minutes" in html.split('id="announcer"')[1]

    html = client.post(undo_url, **HTMX).content.decode()
    assert html.lstrip().startswith(f'<li id="item-{step.pk}"')
    assert "Verification undone" in html.split('id="announcer"')[1]
    assert undo_url not in html
    assert f"data-focus-next>Verify {step.skill.name} level {step.to_level}" in html
    assert not LearnerSkill.objects.filter(user=learner, skill=step.skill, level__gt=0).exists()

    again = client.post(undo_url, **HTMX)
    assert again.status_code == 404, "gone once undone"


def test_the_card_shows_no_undo_once_the_window_has_passed(client, learner, mentor, step):
    client.force_login(mentor)
    review = verify(mentor, learner, step)
    undo_url = reverse("planner:mentee-review-undo", args=[learner.pk, review.pk])
    page = reverse("planner:mentee", args=[learner.pk])
    assert undo_url in client.get(page).content.decode()
    Review.objects.filter(pk=review.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    assert undo_url not in client.get(page).content.decode()
    response = client.post(
        reverse("planner:mentee-review-undo", args=[learner.pk, review.pk]), **HTMX
    )
    assert "Too late to undo" in response.content.decode()


def test_another_mentor_or_learner_gets_404(client, learner, mentor, step, other_learner):
    review = verify(mentor, learner, step)
    url = reverse("planner:mentee-review-undo", args=[learner.pk, review.pk])
    for stranger in (other_learner, learner):
        client.force_login(stranger)
        assert client.post(url).status_code == 404
    assert Review.objects.filter(pk=review.pk).exists()
