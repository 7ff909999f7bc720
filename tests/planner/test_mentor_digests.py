"""A mentor's news comes batched: who fell behind (and by how much) and who asked for a
review, in at most one email an hour, never one email per event."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from outbox.models import Email, PendingTask
from planner.models import FellBehind, MentorDigest, Roadmap
from planner.services.mentor_digests import send_mentor_digests
from planner.services.reassessment import reassess_learner
from planner.services.review_requests import request_review
from planner.tasks import _reassess
from tests import factories
from tests.conftest import send_outbox
from tests.factories import UserFactory, learner_with_roadmap

pytestmark = pytest.mark.django_db


def follow(learner, mentor):
    factories.follow(learner, mentor, accepted_at=timezone.now() - timedelta(days=60))


@pytest.fixture
def mentor():
    return UserFactory(email="mo@example.com", name="Mo")


def test_falling_behind_sends_no_email_of_its_own_but_is_news_for_the_digest(
    mentor, django_capture_on_commit_callbacks
):
    sam = learner_with_roadmap(email="sam@example.com", name="Sam", started_weeks_ago=6)
    follow(sam, mentor)
    PendingTask.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        _reassess([sam.pk])  # what the reassessment task runs
    assert Roadmap.objects.current(sam).reason == "behind schedule"
    # The broker is down in these tests: what the run enqueued is kept as pending tasks.
    assert list(PendingTask.objects.values_list("name", flat=True)) == [
        "planner.tasks.notify_roadmap_changed"
    ], "the learner hears of the new version; the mentor gets no email of their own"
    assert not Email.objects.filter(to=mentor.email).exists()
    [event] = FellBehind.objects.all()
    assert event.learner == sam and event.weeks > 1

    reassess_learner(user_id=sam.pk)  # the next day: still behind, nothing new
    assert FellBehind.objects.count() == 1


def test_one_digest_lists_who_fell_behind_by_how_much_and_who_asked_for_a_review(mentor):
    sam = learner_with_roadmap(email="sam@example.com", name="Sam", started_weeks_ago=6)
    ada = learner_with_roadmap(email="ada@example.com", name="Ada")
    follow(sam, mentor)
    follow(ada, mentor)
    reassess_learner(user_id=sam.pk)
    item = ada.roadmaps.get().items.order_by("position").first()
    request_review(learner=ada, item_id=item.pk, message="My notebook")
    send_outbox()
    mail.outbox.clear()

    now = timezone.now()
    assert send_mentor_digests(now=now) == 1
    send_outbox()
    [message] = mail.outbox
    assert message.to == [mentor.email]
    assert message.subject == "Sam fell behind; 1 review request from Ada"
    weeks = FellBehind.objects.get().weeks
    assert f"Sam is {round(weeks, 1):g} weeks behind schedule" in message.body
    assert "their plan was rebuilt (version 2)" in message.body
    assert f"/mentees/{sam.pk}/" in message.body
    assert "Ada: " in message.body and "My notebook" in message.body
    html = message.alternatives[0][0]
    assert f"/mentees/{sam.pk}/" in html and "Sam</strong> is" in html
    digest = MentorDigest.objects.get()
    assert (digest.requests, digest.fell_behind) == (1, 1)

    # Nothing new: nothing more, in this hour or the next.
    assert send_mentor_digests(now=now) == 0
    assert send_mentor_digests(now=now + timedelta(hours=1)) == 0


def test_two_events_in_one_hour_make_one_email(mentor):
    sam = learner_with_roadmap(email="sam@example.com", name="Sam", started_weeks_ago=6)
    lee = learner_with_roadmap(email="lee@example.com", name="Lee", started_weeks_ago=6)
    follow(sam, mentor)
    follow(lee, mentor)
    now = timezone.now()
    reassess_learner(user_id=sam.pk)
    assert send_mentor_digests(now=now) == 1
    reassess_learner(user_id=lee.pk)  # later in the same hour
    assert send_mentor_digests(now=now) == 0, "this hour's digest has gone"
    assert send_mentor_digests(now=now + timedelta(hours=1)) == 1
    send_outbox()
    digests = [m for m in mail.outbox if m.to == [mentor.email]]
    assert [m.subject for m in digests] == [
        "Sam has fallen behind on their roadmap",
        "Lee has fallen behind on their roadmap",
    ]


def test_a_learner_without_a_mentor_falling_behind_records_nothing():
    sam = learner_with_roadmap(email="sam@example.com", name="Sam", started_weeks_ago=6)
    reassess_learner(user_id=sam.pk)
    assert not FellBehind.objects.exists()
    assert send_mentor_digests() == 0
