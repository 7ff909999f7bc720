"""Who may see what: one row per URL pattern of the site, pages and API alike.

Each row names, for each kind of visitor, what they must get. A URL pattern without a row
fails ``test_every_url_pattern_has_a_row``, so a new page or endpoint cannot ship without
saying who may see it.

Visitors: ``anonymous``; ``owner`` (Ada, the learner whose objects the URL names);
``other`` (another learner); ``mentor`` (Ada's active mentor); ``former`` (a mentor Ada
dismissed); ``staff``.

Expectations:
  OK      the request succeeds (2xx, or a redirect that is not to a log-in page)
  NOTFOUND 404: the object is not theirs (or not there)
  LOGIN   the log-in page for a page; 401/403 for the API
  SELF    the URL is about the visitor themselves: it succeeds or 404s, and never shows Ada's data
  ADMIN   the admin's own log-in page (non-staff)
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from planner.models import Evidence, ItemStatus, LearnerResource, Roadmap
from planner.selectors.learners import calendar_feed_token
from planner.services import mentoring, update_item
from planner.services.reminders import stop_token
from planner.services.review_requests import answer_review_request, request_review
from tests.factories import UserFactory, roadmap_for

OK, NOTFOUND, LOGIN, SELF, ADMIN = "ok", "404", "login", "self", "admin"
ACTORS = ("anonymous", "owner", "other", "mentor", "former", "staff")
ADA_SECRET = "ada-private-note-7f3c"


@dataclass(frozen=True)
class Row:
    method: str
    expect: dict[str, str]
    args: object = None  # world -> list of URL args
    data: dict = field(default_factory=dict)
    api: bool = False


def everyone(outcome):
    return dict.fromkeys(ACTORS, outcome)


def signed_in(outcome, **others):
    return {**dict.fromkeys(ACTORS, outcome), "anonymous": LOGIN, **others}


PUBLIC = everyone(OK)
SELF_ONLY = signed_in(SELF, owner=OK)
ADAS_OBJECT = {**signed_in(NOTFOUND), "owner": OK}
MENTEE = {**signed_in(NOTFOUND), "mentor": OK}


def item(w):
    return [w["item"].pk]


TABLE: dict[str, Row] = {
    # Site
    "health": Row("get", PUBLIC),
    "schema": Row("get", PUBLIC),
    "api-docs": Row("get", PUBLIC),
    "admin:index": Row("get", {**dict.fromkeys(ACTORS, ADMIN), "staff": OK}),
    # Curriculum API: anyone may read it.
    "api:curriculum:role-list": Row("get", PUBLIC, api=True),
    "api:curriculum:role-detail": Row("get", PUBLIC, lambda w: ["data-scientist"], api=True),
    "api:curriculum:skill-list": Row("get", PUBLIC, api=True),
    "api:curriculum:skill-detail": Row("get", PUBLIC, lambda w: ["python"], api=True),
    "api:curriculum:project-list": Row("get", PUBLIC, api=True),
    "api:curriculum:project-detail": Row("get", PUBLIC, lambda w: ["titanic-classifier"], api=True),
    "api:curriculum:task-list": Row("get", PUBLIC, api=True),
    "api:curriculum:task-detail": Row("get", PUBLIC, lambda w: ["modeling"], api=True),
    "api:benchmarks:ping": Row("get", PUBLIC, api=True),
    "api:planner:preview": Row(
        "post", PUBLIC, data={"role": "data-analyst", "weekly_hours": 5}, api=True
    ),
    # Accounts API: anonymous by design (register, token).
    "api:accounts:register": Row(
        "post",
        everyone(OK),
        data={"email": "new-{actor}@example.com", "password": "a-long-unusual-passphrase"},
        api=True,
    ),
    "api:accounts:token": Row(
        "post", everyone(OK), data={"email": "ada@example.com", "password": "pw-ada-0123"}, api=True
    ),
    "api:accounts:logout": Row("post", SELF_ONLY, api=True),
    # The learner's own API: about whoever asks.
    "api:planner:me": Row("get", SELF_ONLY, api=True),
    "api:planner:my-skills": Row("get", SELF_ONLY, api=True),
    "api:planner:roadmaps": Row("get", SELF_ONLY, api=True),
    "api:planner:roadmap": Row("get", SELF_ONLY, api=True),
    "api:planner:roadmap-ics": Row("get", SELF_ONLY, api=True),
    "api:planner:role-fit": Row("get", SELF_ONLY, api=True),
    "api:planner:roadmap-version": Row("get", SELF_ONLY, lambda w: [1], api=True),
    "api:planner:roadmap-diff": Row("get", SELF_ONLY, lambda w: [1], api=True),
    "api:planner:roadmap-item": Row(
        "patch", ADAS_OBJECT, item, {"status": "in_progress"}, api=True
    ),
    "api:planner:own-resources": Row(
        "post", ADAS_OBJECT, item, {"title": "A course", "url": "https://example.com/c"}, api=True
    ),
    "api:planner:own-resource": Row(
        "delete", ADAS_OBJECT, lambda w: [w["own_resource"].pk], api=True
    ),
    "api:planner:my-mentors": Row("get", SELF_ONLY, api=True),
    "api:planner:my-mentor": Row("delete", ADAS_OBJECT, lambda w: [w["mentorship"].pk], api=True),
    "api:planner:mentorship-accept": Row(
        "post",
        {**signed_in(NOTFOUND), "invitee": OK},
        lambda w: [w["invitation"].pk],
        api=True,
    ),
    "api:planner:item-review-request": Row(
        "post", ADAS_OBJECT, item, {"message": "Look at my notebook"}, api=True
    ),
    "api:planner:my-review-requests": Row("get", SELF_ONLY, api=True),
    "api:planner:my-review-request": Row(
        "delete", ADAS_OBJECT, lambda w: [w["review_request"].pk], api=True
    ),
    # Mentors' API: the active mentor only.
    "api:planner:review-queue": Row("get", signed_in(SELF, mentor=OK), api=True),
    "api:planner:review-answer": Row(
        "post",
        MENTEE,
        lambda w: [w["review_request"].pk],
        {"verdict": "needs_work", "comment": "Add tests"},
        api=True,
    ),
    "api:planner:review-undo": Row("post", MENTEE, lambda w: [w["answered_request"].pk], api=True),
    "api:planner:mentees": Row("get", signed_in(SELF, mentor=OK), api=True),
    "api:planner:mentee-roadmap": Row("get", MENTEE, lambda w: [w["learner"].pk], api=True),
    "api:planner:mentee-reviews": Row(
        "post",
        MENTEE,
        lambda w: [w["learner"].pk],
        {"kind": "comment", "item": None, "comment": "Nice work"},
        api=True,
    ),
    # Accounts pages.
    "accounts:signup": Row("get", PUBLIC),
    "accounts:signup-confirm": Row("get", PUBLIC, lambda w: ["MQ", "not-a-token"]),
    "accounts:signup-new-link": Row("post", PUBLIC, data={"uidb64": "MQ"}),
    "accounts:login": Row("get", PUBLIC),
    "accounts:logout": Row("post", PUBLIC),
    "accounts:password_reset": Row("get", PUBLIC),
    "accounts:password_reset_done": Row("get", PUBLIC),
    "accounts:password_reset_complete": Row("get", PUBLIC),
    "accounts:password_reset_confirm": Row("get", PUBLIC, lambda w: ["MQ", "not-a-token"]),
    "accounts:password_change": Row("get", SELF_ONLY),
    "accounts:settings": Row("get", SELF_ONLY),
    "accounts:tokens-revoke": Row("post", SELF_ONLY),
    # Learner pages.
    "planner:home": Row("get", PUBLIC),
    "planner:roles": Row("get", PUBLIC),
    "planner:role-switch": Row("post", SELF_ONLY, data={"role": "data-analyst"}),
    "planner:onboarding": Row("get", SELF_ONLY),
    "planner:onboarding-skills": Row("get", SELF_ONLY),
    "planner:roadmap": Row("get", SELF_ONLY),
    "planner:roadmap-version": Row("get", SELF_ONLY, lambda w: [1]),
    "planner:item-status": Row("post", ADAS_OBJECT, item, {"status": "in_progress"}),
    "planner:item-note": Row("post", ADAS_OBJECT, item, {"note": "mine now"}),
    "planner:item-evidence": Row("post", ADAS_OBJECT, item, {"url": "https://example.com/x"}),
    "planner:evidence-delete": Row("post", ADAS_OBJECT, lambda w: [w["evidence"].pk]),
    "planner:item-review-request": Row(
        "post", ADAS_OBJECT, item, {"message": "Look at my notebook"}
    ),
    "planner:item-resource": Row(
        "post", ADAS_OBJECT, item, {"title": "A course", "url": "https://example.com/c"}
    ),
    "planner:own-resource-delete": Row("post", ADAS_OBJECT, lambda w: [w["own_resource"].pk]),
    "planner:mentors": Row("get", SELF_ONLY),
    "planner:mentor-end": Row("post", ADAS_OBJECT, lambda w: [w["mentorship"].pk]),
    # Whoever holds the invitation link may see it; accepting needs an account.
    "planner:mentor-accept": Row("get", everyone(OK), lambda w: [w["invitation"].token]),
    # Mentor pages: the active mentor, and staff, who may read every learner.
    "planner:mentees": Row("get", signed_in(SELF, mentor=OK)),
    "planner:mentee": Row("get", {**MENTEE, "staff": OK}, lambda w: [w["learner"].pk]),
    "planner:mentee-review": Row(
        "post", MENTEE, lambda w: [w["learner"].pk], {"kind": "comment", "comment": "Nice"}
    ),
    "planner:mentee-end": Row("post", MENTEE, lambda w: [w["learner"].pk]),
    "planner:mentee-review-undo": Row(
        "post", MENTEE, lambda w: [w["learner"].pk, w["verification"].pk]
    ),
    # The review queue: about the mentor asking; answers only on their mentees' requests.
    "planner:review-queue": Row("get", signed_in(SELF, mentor=OK)),
    "planner:review-answer": Row(
        "post",
        MENTEE,
        lambda w: [w["review_request"].pk],
        {"verdict": "needs_work", "comment": "Add tests"},
    ),
    "planner:review-undo": Row("post", MENTEE, lambda w: [w["review_request"].pk]),
    # Only the person the invitation was sent to may accept it from the mentees page.
    "planner:invitation-accept": Row(
        "post", {**signed_in(NOTFOUND), "invitee": OK}, lambda w: [w["invitation"].pk]
    ),
    # The calendar feed works for whoever holds its URL (a calendar app cannot log in); the
    # learner replaces the URL to cut everyone else off.
    "planner:calendar-feed": Row(
        "get", everyone(OK), lambda w: [calendar_feed_token(w["learner"])]
    ),
    "planner:calendar-rotate": Row("post", SELF_ONLY),
    # The reminder email's link works for whoever holds it (it is signed for one learner).
    "planner:reminders-stop": Row("get", everyone(OK), lambda w: [stop_token(w["learner"])]),
}


def url_names(patterns=None, namespace=""):
    """Every named URL pattern of the site; the admin counts as one."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield "admin:index"
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else str(pattern.pattern)


def test_every_url_pattern_has_a_row():
    missing = sorted(set(url_names()) - set(TABLE))
    assert not missing, f"URL patterns with no access row: {missing}"
    stale = sorted(set(TABLE) - set(url_names()))
    assert not stale, f"Rows for URL patterns that no longer exist: {stale}"


@pytest.fixture
def world(db):
    learner = UserFactory(email="ada@example.com", name="Ada", password="pw-ada-0123")
    _, roadmap = roadmap_for(learner, role="data-analyst")
    first = roadmap.items.filter(kind="skill").order_by("position").first()
    update_item(user=learner, item_id=first.pk, note=ADA_SECRET)
    other = UserFactory(email="grace@example.com", name="Grace")
    roadmap_for(other, role="data-analyst")
    former = UserFactory(email="former@example.com", name="Former")
    ended = mentoring.invite_mentor(learner=learner, email=former.email)
    mentoring.accept_mentorship(mentor=former, token=ended.token)
    mentoring.end_mentorship(learner=learner, mentorship_id=ended.pk)
    mentor = UserFactory(email="mentor@example.com", name="Mentor")
    active = mentoring.invite_mentor(learner=learner, email=mentor.email)
    mentoring.accept_mentorship(mentor=mentor, token=active.token)
    invitee = UserFactory(email="invitee@example.com", name="Invitee")
    invitation = mentoring.invite_mentor(learner=learner, email=invitee.email)
    review_request = request_review(learner=learner, item_id=first.pk)
    second = roadmap.items.filter(kind="skill").order_by("position")[1]
    answered = request_review(learner=learner, item_id=second.pk)
    answer_review_request(
        mentor=mentor, request_id=answered.pk, verdict="needs_work", comment="More tests"
    )
    evidence = Evidence.objects.create(item=first, url="https://example.com/ada")
    verification = mentoring.add_review(
        mentor=mentor, learner_id=learner.pk, kind="verify_evidence", evidence_id=evidence.pk
    )
    return {
        "review_request": review_request,
        "answered_request": answered,
        "verification": verification,
        "learner": learner,
        "item": first,
        "evidence": evidence,
        "own_resource": LearnerResource.objects.create(
            item=first, title="Ada's find", url="https://example.com/ada-find"
        ),
        "mentorship": active,
        "invitation": invitation,
        "users": {
            "anonymous": None,
            "owner": learner,
            "other": other,
            "mentor": mentor,
            "former": former,
            "invitee": invitee,
            "staff": UserFactory(email="staff@example.com", is_staff=True, is_superuser=True),
        },
    }


CASES = [(name, actor) for name in TABLE for actor in ACTORS] + [
    ("api:planner:mentorship-accept", "invitee"),
    ("planner:invitation-accept", "invitee"),
]


@pytest.mark.parametrize(("name", "actor"), CASES, ids=[f"{n}-{a}" for n, a in CASES])
def test_who_may_see_what(world, name, actor):
    row = TABLE[name]
    expected = row.expect[actor]
    client = APIClient() if row.api else Client()
    user = world["users"][actor]
    if user is not None:
        client.force_login(user)
    url = reverse(name, args=row.args(world) if row.args else None)
    data = {k: v.format(actor=actor) if isinstance(v, str) else v for k, v in row.data.items()}
    if row.api:
        response = getattr(client, row.method)(url, data, format="json")
    else:
        response = getattr(client, row.method)(url, data)
    status = response.status_code
    location = response.get("Location", "")
    body = response.content.decode(errors="replace") if hasattr(response, "content") else ""

    assert status < 500, f"{name} as {actor}: server error {status}"
    if expected == OK:
        assert status < 400 and "/login/" not in location, f"{name} as {actor}: {status} {location}"
    elif expected == NOTFOUND:
        assert status == 404, f"{name} as {actor}: {status} {location}"
    elif expected == LOGIN:
        if row.api:
            assert status in (401, 403), f"{name} as {actor}: {status}"
        else:
            assert status == 302 and reverse("accounts:login") in location, (
                f"{name} as {actor}: {status}"
            )
    elif expected == ADMIN:
        assert status == 302 and "/admin/login/" in location, f"{name} as {actor}: {status}"
    elif expected == SELF:
        assert status < 400 or status == 404, f"{name} as {actor}: {status}"
        assert "/login/" not in location
        assert ADA_SECRET not in body and "ada@example.com" not in body
    if expected != OK:
        # Nothing of Ada's was changed by a refused request.
        world["item"].refresh_from_db()
        assert world["item"].status == ItemStatus.TODO and world["item"].note == ADA_SECRET
        assert Evidence.objects.filter(pk=world["evidence"].pk).exists()
        assert LearnerResource.objects.filter(pk=world["own_resource"].pk).exists()


# -- reads write nothing ------------------------------------------------------------------

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# The one write a read may make: storing the roadmap's gzipped JSON rendering on its row, a
# cache that every change clears (planner/api/rendering.py).
STORED_RENDERING = 'UPDATE "planner_roadmap" SET "rendered_gzip" = '
READERS = ("owner", "mentor", "staff")
READS = [
    (name, actor)
    for name, row in TABLE.items()
    if row.method == "get"
    for actor in READERS
    if row.expect[actor] != ADMIN
]


@pytest.mark.parametrize(("name", "actor"), READS, ids=[f"{n}-{a}" for n, a in READS])
def test_a_get_writes_no_row(world, name, actor):
    """Not even when the stored verdict is stale: verdicts are refreshed by reassessment
    (nightly, and after each change of progress), never by a read."""
    Roadmap.objects.update(assessed_at=timezone.now() - timedelta(days=3))
    row = TABLE[name]
    client = APIClient() if row.api else Client()
    client.force_login(world["users"][actor])
    url = reverse(name, args=row.args(world) if row.args else None)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, follow=not row.api)
    assert response.status_code < 500
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITES)
        and not q["sql"].startswith(STORED_RENDERING)
    ]
    assert writes == [], f"GET {url} as {actor} wrote"
