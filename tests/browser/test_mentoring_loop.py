"""The mentoring loop in Chromium: a learner asks for a review, the mentor answers from the
queue, the learner sees the answer on the step."""

import re

import pytest
from playwright.sync_api import expect

from planner.models import ItemStatus, ReviewRequest
from planner.services import update_item
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PHONE
from tests.browser.people import learner_with_plan, log_in, mentor_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 900}


def test_review_request_to_queue_to_needs_work_to_the_learner(new_page, live_server, screenshot):
    ada = learner_with_plan()
    marie = mentor_of(ada)
    item = ada.roadmaps.get().items.filter(kind="skill").order_by("position").first()
    update_item(user=ada, item_id=item.pk, status=ItemStatus.IN_PROGRESS)

    learner = new_page(WIDE)
    log_in(learner, ada, live_server.url)
    learner.goto("/roadmap/")
    card = learner.locator(f"#item-{item.pk}")
    card.locator("summary", has_text="Ask for a review").click()
    card.get_by_label("What should your mentor look at?").fill("My notebook on sampling")
    card.get_by_role("button", name="Request review").click()
    expect(card.locator(".review-state")).to_contain_text("waiting for your mentor")
    assert ReviewRequest.objects.get().message == "My notebook on sampling"

    mentor = new_page(WIDE)
    log_in(mentor, marie, live_server.url)
    mentor.goto("/accounts/login/")
    mentor.goto("/")
    expect(mentor).to_have_url(re.compile(r"/mentees/$"))
    mentor.get_by_role("link", name=re.compile(r"^Reviews to do")).click()
    entry = mentor.locator(".queue-entry", has_text="Ada")
    expect(entry).to_contain_text("My notebook on sampling")
    assert_accessible(mentor, "review queue at 1280 px")
    screenshot(mentor, "mentor-queue")
    entry.get_by_label(re.compile("Your comment")).fill("Plot the sampling distribution too")
    entry.get_by_role("button", name=re.compile("^Needs work")).click()
    expect(mentor.get_by_text(re.compile("marked as needing work"))).to_be_visible()
    expect(mentor.get_by_role("button", name=re.compile("^Undo"))).to_be_visible()

    phone = new_page(PHONE)
    log_in(phone, marie, live_server.url)
    phone.goto("/mentees/reviews/")
    assert_accessible(phone, "review queue at 390 px")

    learner.goto("/roadmap/")
    state = learner.locator(f"#item-{item.pk} .review-state")
    expect(state).to_contain_text("Needs work")
    expect(state).to_contain_text("Plot the sampling distribution too")
