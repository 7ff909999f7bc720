"""The mentoring loop: a learner asks for a review, the mentor answers from a queue across
mentees, can undo for a while; mentors land on their mentees."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from planner.models import (
    Evidence,
    ItemStatus,
    LearnerSkill,
    Mentorship,
    Review,
    ReviewRequestStatus,
)
from planner.services import update_item
from planner.services.mentoring import ConfirmationNeeded, accept_mentorship, invite_mentor
from planner.services.review_requests import (
    UNDO_WINDOW,
    answer_review_request,
    request_review,
    undo_answer,
)
from tests.conftest import send_outbox
from tests.factories import UserFactory, roadmap_for

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def mentored(learner, mentor):
    _, roadmap = roadmap_for(learner)
    mentorship = invite_mentor(learner=learner, email=mentor.email)
    accept_mentorship(mentor=mentor, mentorship_id=mentorship.pk)
    return roadmap


def started_skill(learner, roadmap):
    item = roadmap.items.filter(kind="skill").order_by("position").first()
    update_item(user=learner, item_id=item.pk, status=ItemStatus.IN_PROGRESS)
    return item


def test_a_learner_without_a_mentor_is_told_to_invite_one(learner):
    _, roadmap = roadmap_for(learner)
    with pytest.raises(ValidationError, match="Invite a mentor first"):
        request_review(learner=learner, item_id=roadmap.items.first().pk)


def test_asking_twice_for_the_same_step_keeps_one_open_request(learner, mentored):
    item = mentored.items.first()
    first = request_review(learner=learner, item_id=item.pk, message="Notebook attached")
    again = request_review(learner=learner, item_id=item.pk, message="Updated notebook")
    assert first.pk == again.pk and again.message == "Updated notebook"


def test_the_cards_review_form_sends_a_link_with_the_request(client, learner, mentored):
    item = mentored.items.filter(kind="project").first() or mentored.items.first()
    client.force_login(learner)
    url = reverse("planner:item-review-request", args=[item.pk])

    refused = client.post(url, {"message": "Look", "url": "javascript:alert(1)"}, **HTMX)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "starting with http:// or https://" in html
    assert 'value="javascript:alert(1)"' in html  # what was typed stays in the field
    assert not learner.review_requests.exists() and not Evidence.objects.exists()

    client.post(url, {"message": "Look", "url": "https://github.com/ada/notebook"}, **HTMX)
    [asked] = learner.review_requests.all()
    assert asked.message == "Look" and asked.status == ReviewRequestStatus.OPEN
    assert Evidence.objects.get().url == "https://github.com/ada/notebook"


def test_needs_work_leaves_a_comment_the_learner_sees_on_the_step(
    client, learner, mentor, mentored
):
    item = started_skill(learner, mentored)
    asked = request_review(learner=learner, item_id=item.pk)
    with pytest.raises(ValidationError, match="needs more work"):
        answer_review_request(mentor=mentor, request_id=asked.pk, verdict="needs_work")
    answer_review_request(
        mentor=mentor, request_id=asked.pk, verdict="needs_work", comment="Add a test set"
    )
    asked.refresh_from_db()
    assert asked.status == ReviewRequestStatus.NEEDS_WORK
    client.force_login(learner)
    html = client.get(reverse("planner:roadmap")).content.decode()
    card = html.split(f'id="item-{item.pk}"')[1].split('<li id="item-')[0]
    assert "Needs work" in card and "Add a test set" in card


def test_verified_sets_the_level_and_verifies_the_links_and_undo_takes_it_all_back(
    learner, mentor, mentored
):
    item = started_skill(learner, mentored)
    link = Evidence.objects.create(item=item, url="https://example.com/notebook")
    asked = request_review(learner=learner, item_id=item.pk)
    answer_review_request(mentor=mentor, request_id=asked.pk, verdict="verified", comment="Good")
    level = LearnerSkill.objects.get(user=learner, skill=item.skill)
    assert (level.level, level.source) == (item.to_level, "mentor")
    link.refresh_from_db()
    assert link.verified_by == mentor
    assert Review.objects.count() == 2

    undo_answer(mentor=mentor, request_id=asked.pk)
    asked.refresh_from_db()
    link.refresh_from_db()
    assert asked.status == ReviewRequestStatus.OPEN
    assert link.verified_at is None and not Review.objects.exists()
    assert LearnerSkill.objects.get(user=learner, skill=item.skill).level == 0


def test_an_answer_cannot_be_undone_after_the_window(learner, mentor, mentored):
    item = started_skill(learner, mentored)
    asked = request_review(learner=learner, item_id=item.pk)
    answer_review_request(mentor=mentor, request_id=asked.pk, verdict="needs_work", comment="x")
    later = timezone.now() + UNDO_WINDOW + timedelta(seconds=1)
    with pytest.raises(ValidationError, match="Too late"):
        undo_answer(mentor=mentor, request_id=asked.pk, now=later)


def test_verifying_a_step_still_to_do_asks_first(learner, mentor, mentored):
    item = mentored.items.filter(kind="skill", status="todo").order_by("position").first()
    asked = request_review(learner=learner, item_id=item.pk)
    with pytest.raises(ConfirmationNeeded):
        answer_review_request(
            mentor=mentor, request_id=asked.pk, verdict="verified", confirmed=False
        )
    assert not LearnerSkill.objects.filter(user=learner, skill=item.skill).exists()


def test_another_mentors_request_is_404(client, learner, mentored):
    asked = request_review(learner=learner, item_id=mentored.items.first().pk)
    stranger = UserFactory()
    client.force_login(stranger)
    response = client.post(
        reverse("planner:review-answer", args=[asked.pk]), {"verdict": "verified"}
    )
    assert response.status_code == 404


def test_the_queue_lists_requests_across_mentees(client, learner, mentor, mentored):
    other = UserFactory(name="Grace")
    _, theirs = roadmap_for(other, role="data-analyst")
    invitation = invite_mentor(learner=other, email=mentor.email)
    accept_mentorship(mentor=mentor, mentorship_id=invitation.pk)
    request_review(learner=learner, item_id=mentored.items.first().pk, message="Mine first")
    request_review(learner=other, item_id=theirs.items.first().pk)
    client.force_login(mentor)
    html = client.get(reverse("planner:review-queue")).content.decode()
    assert "Ada:" in html and "Grace:" in html and "Mine first" in html
    assert html.index("Ada:") < html.index("Grace:"), "oldest first"


def test_a_mentor_lands_on_their_mentees_after_log_in_and_from_roadmap(client, mentor, mentored):
    client.force_login(mentor)
    assert client.get(reverse("planner:home"))["Location"] == reverse("planner:mentees")
    assert client.get(reverse("planner:roadmap"))["Location"] == reverse("planner:mentees")


def test_a_mentor_sees_pending_invitations_and_can_end_a_mentorship(client, learner, mentored):
    invited = UserFactory(email="new-mentor@example.com")
    invite_mentor(learner=learner, email=invited.email)
    client.force_login(invited)
    html = client.get(reverse("planner:mentees")).content.decode()
    assert "Invitations waiting for you" in html and "Accept and follow Ada" in html
    invitation = Mentorship.objects.get(email=invited.email)
    client.post(reverse("planner:invitation-accept", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "active"
    client.post(reverse("planner:mentee-end", args=[learner.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "ended"


def test_a_mentors_news_comes_batched_in_one_email_per_period(learner, mentor, mentored):
    from django.core import mail
    from django.utils import timezone

    from planner.services.mentor_digests import send_mentor_digests

    send_outbox()  # the invitation
    mail.outbox.clear()
    items = list(mentored.items.order_by("position")[:3])
    for item in items:
        request_review(learner=learner, item_id=item.pk, message=f"Look at {item.key}")
    now = timezone.now()
    assert send_mentor_digests(now=now) == 1
    send_outbox()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [mentor.email] and message.subject == "3 review requests from Ada"
    assert all(f"Look at {item.key}" in message.body for item in items)
    assert "/mentees/reviews/" in message.body
    # Nothing new: no second email, in this period or the next.
    assert send_mentor_digests(now=now) == 0
    assert send_mentor_digests(now=now + timedelta(hours=1)) == 0
    send_outbox()
    assert len(mail.outbox) == 1
