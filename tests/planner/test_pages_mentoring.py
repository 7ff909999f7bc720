"""Mentor pages: invitations, accepting, the dashboard, the mentee page, reviews, ending."""

import pytest
from django.core import mail
from django.urls import reverse

from planner.models import Evidence, LearnerSkill, Mentorship, Review
from tests.conftest import send_outbox


@pytest.fixture
def invited(client, learner, roadmap, django_capture_on_commit_callbacks):
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("planner:mentors"), {"email": "mentor@example.com"})
    assert response.status_code == 302
    client.logout()
    send_outbox()
    return Mentorship.objects.get()


@pytest.fixture
def mentor_client(client, mentor, invited):
    client.force_login(mentor)
    client.post(reverse("planner:mentor-accept", args=[invited.token]))
    return client


def test_inviting_from_the_mentors_page_emails_the_link(invited):
    assert mail.outbox[0].to == ["mentor@example.com"]
    assert reverse("planner:mentor-accept", args=[invited.token]) in mail.outbox[0].body


def test_a_visitor_following_the_link_is_offered_to_sign_up(client, invited):
    html = client.get(reverse("planner:mentor-accept", args=[invited.token])).content.decode()
    assert "Sign up and accept" in html
    assert "email=mentor%40example.com" in html


def test_accepting_leads_to_the_mentees_roadmap(client, mentor, invited, learner):
    client.force_login(mentor)
    response = client.post(reverse("planner:mentor-accept", args=[invited.token]))
    assert response["Location"] == reverse("planner:mentee", args=[learner.pk])
    invited.refresh_from_db()
    assert invited.status == "active"


def test_an_unknown_or_used_link_is_404(client, mentor_client, invited):
    assert mentor_client.get(reverse("planner:mentor-accept", args=["nope"])).status_code == 404
    assert (
        mentor_client.get(reverse("planner:mentor-accept", args=[invited.token])).status_code == 404
    )


def test_the_dashboard_lists_the_mentee_with_verdict_progress_and_evidence(mentor_client, roadmap):
    Evidence.objects.create(item=roadmap.items.first(), url="https://example.com/x")
    html = mentor_client.get(reverse("planner:mentees")).content.decode()
    assert "Ada" in html
    assert "On track" in html or "Behind by" in html or "Ahead by" in html
    assert 'role="progressbar"' in html
    assert "Evidence to verify" in html and "<strong>1</strong>" in html


def test_the_mentee_page_is_read_only_with_review_controls(mentor_client, learner, roadmap):
    html = mentor_client.get(reverse("planner:mentee", args=[learner.pk])).content.decode()
    assert "Verify a skill level" in html
    assert reverse("planner:item-status", args=[roadmap.items.first().pk]) not in html


def test_a_mentor_comments_and_verifies_from_the_page(mentor_client, learner, roadmap):
    item = roadmap.items.filter(kind="skill").first()
    url = reverse("planner:mentee-review", args=[learner.pk])
    mentor_client.post(url, {"kind": "comment", "item": item.pk, "comment": "Well done"})
    # The step is still to do: the first click asks, the confirmed one verifies.
    mentor_client.post(url, {"kind": "verify_level", "item": item.pk})
    assert not LearnerSkill.objects.filter(user=learner, skill=item.skill).exists()
    mentor_client.post(url, {"kind": "verify_level", "item": item.pk, "confirm": "1"})
    assert Review.objects.filter(kind="comment", comment="Well done").exists()
    assert LearnerSkill.objects.get(user=learner, skill=item.skill).source == "mentor"


def test_a_review_from_htmx_answers_with_the_item_card_in_place(mentor_client, learner, roadmap):
    item = roadmap.items.filter(kind="skill").first()
    url = reverse("planner:mentee-review", args=[learner.pk])
    htmx = {"HTTP_HX_REQUEST": "true"}

    response = mentor_client.post(
        url, {"kind": "comment", "item": item.pk, "comment": "Nice work"}, **htmx
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="item-{item.pk}"') and "Nice work" in html
    assert 'id="progress-overall"' in html and 'hx-swap-oob="true"' in html
    assert "Review saved" in html  # announced to screen readers
    assert reverse("planner:item-status", args=[item.pk]) not in html, (
        "still the mentor's read-only card"
    )

    html = mentor_client.post(url, {"kind": "verify_level", "item": item.pk}, **htmx).content
    assert "has not started this step yet" in html.decode() and 'name="confirm"' in html.decode()
    confirmed = {"kind": "verify_level", "item": item.pk, "confirm": "1"}
    html = mentor_client.post(url, confirmed, **htmx).content
    assert f"Level {item.to_level} verified by a mentor" in html.decode()

    html = mentor_client.post(url, {"kind": "comment", "item": item.pk}, **htmx).content.decode()
    assert html.lstrip().startswith(f'<li id="item-{item.pk}"') and Review.objects.count() == 2
    assert "comment" in html.split('id="announcer"')[1].lower()


def test_the_learner_sees_the_verification_on_the_roadmap(client, mentor_client, learner):
    mentor_client.post(
        reverse("planner:mentee-review", args=[learner.pk]),
        {"kind": "verify_level", "skill": "python", "level": 2},
    )
    client.force_login(learner)
    html = client.get(reverse("planner:roadmap")).content.decode()
    assert "verified <strong>Python</strong> at level 2" in html


def test_the_learner_ends_the_mentorship_and_the_mentor_gets_404(client, mentor, invited, learner):
    client.force_login(mentor)
    client.post(reverse("planner:mentor-accept", args=[invited.token]))
    client.force_login(learner)
    client.post(reverse("planner:mentor-end", args=[invited.pk]))
    client.force_login(mentor)
    assert client.get(reverse("planner:mentee", args=[learner.pk])).status_code == 404
    assert "Review Ada's roadmap" not in client.get(reverse("planner:mentees")).content.decode()


def test_the_roles_page_compares_roles_and_switching_shows_the_difference(client, learner, roadmap):
    client.force_login(learner)
    html = client.get(reverse("planner:roles")).content.decode()
    assert "Machine learning engineer" in html and "h</strong> to job-ready" in html
    response = client.post(reverse("planner:role-switch"), {"role": "machine-learning-engineer"})
    assert response["Location"] == reverse("planner:roadmap-version", args=[2])
    assert "What changed" in client.get(response["Location"]).content.decode()


def test_the_landing_page_previews_a_roadmap_for_visitors(client, db):
    response = client.get(reverse("planner:home"), {"role": "data-analyst", "weekly_hours": "8"})
    html = response.content.decode()
    assert "Data analyst" in html and "timeline-svg" in html and "6–18 months" in html
    assert "<strong>Job-ready as Data analyst</strong> around" in html
    assert "<strong>Proficient as Data analyst</strong> around" in html
