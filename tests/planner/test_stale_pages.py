"""A page opened before a replan: every action still reaches the right step, or says why not."""

import pytest
from django.urls import reverse

from curriculum.models import Role
from planner.models import Evidence, ItemStatus, Review, RoadmapItem
from planner.services import build_roadmap, update_profile
from planner.services.mentoring import accept_mentorship, invite_mentor
from tests.factories import roadmap_for

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client_in(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def replanned(learner):
    """(old item, the same step in the new version) after a replan with more hours."""
    _, first = roadmap_for(learner, role="data-scientist", hours=10)
    old = first.items.filter(kind="skill").order_by("position")[3]
    update_profile(user=learner, weekly_hours=15)
    second = build_roadmap(user=learner, reason="weekly hours changed")
    return old, second.items.get(key=old.key)


def test_a_status_click_on_an_old_version_changes_the_same_step_in_the_current_one(
    client_in, replanned
):
    old, new = replanned
    response = client_in.post(
        reverse("planner:item-status", args=[old.pk]), {"status": "in_progress"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="item-{new.pk}"'), "the fresh card replaces it"
    assert "Your plan was updated (now version 2)" in html
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.status == ItemStatus.IN_PROGRESS
    assert old.status == ItemStatus.TODO, "old versions are never rewritten"


def test_a_note_typed_on_an_old_page_is_saved_on_the_current_step(client_in, replanned):
    old, new = replanned
    response = client_in.post(
        reverse("planner:item-note", args=[old.pk]), {"note": "Chapter 4, twice"}, **HTMX
    )
    assert "Chapter 4, twice" in response.content.decode()
    new.refresh_from_db()
    assert new.note == "Chapter 4, twice"


def test_without_htmx_the_stale_click_redirects_to_the_current_card_with_a_notice(
    client_in, replanned
):
    old, new = replanned
    response = client_in.post(reverse("planner:item-status", args=[old.pk]), {"status": "done"})
    assert response["Location"] == reverse("planner:roadmap") + f"#item-{new.pk}"
    page = client_in.get(response["Location"]).content.decode()
    assert "Your plan was updated (now version 2)" in page


def test_a_step_that_left_the_plan_says_so_and_keeps_the_typed_text(client_in, learner):
    _, first = roadmap_for(learner, role="data-scientist")
    update_profile(user=learner, target_role=Role.objects.get(slug="data-analyst"))
    second = build_roadmap(user=learner, reason="goal changed")
    gone = first.items.exclude(key__in=second.items.values("key")).first()
    assert gone is not None, "a data analyst needs less than a data scientist"
    response = client_in.post(
        reverse("planner:item-note", args=[gone.pk]), {"note": "my careful notes"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "no longer has this step" in html and "nothing was changed" in html
    assert "my careful notes" in html, "what was typed is kept"
    assert reverse("planner:roadmap") in html


def test_evidence_the_server_refuses_is_shown_in_the_card_with_the_link_kept(client_in, learner):
    _, roadmap = roadmap_for(learner)
    item = roadmap.items.first()
    response = client_in.post(
        reverse("planner:item-evidence", args=[item.pk]), {"url": "javascript:alert(1)"}, **HTMX
    )
    html = response.content.decode()
    assert 'class="card-error"' in html and "http:// or https://" in html
    assert 'value="javascript:alert(1)"' in html, "the input is not dropped"
    assert '<details class="panel" open>' in html, "the evidence panel stays open"
    assert not Evidence.objects.exists()


def test_another_learners_item_is_still_404(client_in, db):
    _, other = roadmap_for(role="data-scientist")
    item = other.items.first()
    response = client_in.post(
        reverse("planner:item-status", args=[item.pk]), {"status": "done"}, **HTMX
    )
    assert response.status_code == 404


def test_marking_done_a_step_whose_prerequisite_is_not_reached_warns_but_marks_it(
    client_in, learner
):
    _, roadmap = roadmap_for(learner, role="data-scientist")
    later = (
        roadmap.items.filter(kind="skill", from_level=0)
        .exclude(skill__prerequisites__isnull=True)
        .order_by("-position")
        .first()
    )
    response = client_in.post(
        reverse("planner:item-status", args=[later.pk]), {"status": "done"}, **HTMX
    )
    html = response.content.decode()
    assert "card-warning" in html and "you have not reached" in html
    later.refresh_from_db()
    assert later.status == ItemStatus.DONE


def test_a_mentor_comment_typed_on_an_old_page_lands_on_the_current_step(
    client, learner, mentor, replanned
):
    old, new = replanned
    mentorship = invite_mentor(learner=learner, email=mentor.email)
    accept_mentorship(mentor=mentor, mentorship_id=mentorship.pk)
    client.force_login(mentor)
    response = client.post(
        reverse("planner:mentee-review", args=[learner.pk]),
        {"kind": "comment", "item": old.pk, "comment": "Try the second exercise set"},
        **HTMX,
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="item-{new.pk}"')
    assert "The plan was updated while this page was open" in html
    review = Review.objects.get()
    assert review.item_id == new.pk and review.comment == "Try the second exercise set"
    assert RoadmapItem.objects.filter(pk=old.pk).exists()


def test_the_api_applies_an_old_item_id_to_the_current_step_or_answers_409(learner):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(learner)
    _, first = roadmap_for(learner, role="data-scientist")
    kept = first.items.filter(kind="skill").first()
    update_profile(user=learner, target_role=Role.objects.get(slug="data-analyst"))
    second = build_roadmap(user=learner, reason="goal changed")
    gone = first.items.exclude(key__in=second.items.values("key")).first()
    url = "/api/v1/me/roadmap/items/{}/"
    response = api.patch(url.format(kept.pk), {"status": "in_progress"}, format="json")
    assert response.status_code == 200
    assert response.json()["id"] == second.items.get(key=kept.key).pk
    response = api.patch(url.format(gone.pk), {"status": "done"}, format="json")
    assert response.status_code == 409 and gone.key in response.json()["detail"]
