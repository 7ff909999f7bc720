"""The roadmap page in Chromium: stale clicks, focus, errors in the card, the timeline as
navigation, and axe-core over every page at laptop and phone width."""

import re

import pytest
from playwright.sync_api import expect

from planner.models import ItemStatus, RoadmapItem
from planner.services import build_roadmap, update_profile
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PHONE
from tests.browser.people import learner_with_plan, log_in, mentor_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 900}


def card(page, item):
    return page.locator(f"#item-{item.pk}")


def test_a_click_on_a_page_older_than_the_plan_reaches_the_right_step_and_keeps_focus(
    new_page, live_server
):
    ada = learner_with_plan()
    page = new_page(WIDE)
    log_in(page, ada, live_server.url)
    page.goto("/roadmap/")
    first = ada.roadmaps.get().items.filter(kind="skill").order_by("position")
    noted, started = first[0], first[1]

    # A replan happens while the page is open (a mentor, a reassessment, another tab).
    update_profile(user=ada, weekly_hours=15)
    build_roadmap(user=ada, reason="weekly hours changed")
    new_noted = RoadmapItem.objects.get(roadmap__version=2, key=noted.key)
    new_started = RoadmapItem.objects.get(roadmap__version=2, key=started.key)

    old = card(page, noted)
    old.locator("summary", has_text="Note").click()
    old.get_by_label(re.compile("Your note on")).fill("Read chapter 2 first")
    old.get_by_role("button", name="Save note").click()
    fresh = card(page, new_noted)
    expect(fresh.locator(".card-notice")).to_contain_text("Your plan was updated")
    expect(fresh.get_by_label(re.compile("Your note on"))).to_have_value("Read chapter 2 first")
    new_noted.refresh_from_db()
    assert new_noted.note == "Read chapter 2 first"
    expect(fresh.get_by_role("button", name="Save note")).to_be_focused()

    # By keyboard: focus "In progress" on another old card and press Enter.
    button = card(page, started).get_by_role("button", name="In progress")
    button.focus()
    page.keyboard.press("Enter")
    pressed = card(page, new_started).get_by_role("button", name="In progress")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    expect(pressed).to_be_focused()
    new_started.refresh_from_db()
    assert new_started.status == ItemStatus.IN_PROGRESS


def test_a_refused_link_is_shown_in_the_card_with_what_was_typed(new_page, live_server):
    ada = learner_with_plan()
    item = ada.roadmaps.get().items.order_by("position").first()
    page = new_page(WIDE)
    log_in(page, ada, live_server.url)
    page.goto("/roadmap/")
    box = card(page, item)
    box.locator("summary", has_text="Evidence").click()
    box.get_by_label("Link to your work").fill("javascript:alert(1)")
    box.get_by_role("button", name="Add link").click()
    error = box.locator(".card-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("http:// or https://")
    field = card(page, item).get_by_label("Link to your work")
    expect(field).to_have_value("javascript:alert(1)")
    expect(field).to_be_focused()


def test_timeline_bars_take_you_to_their_cards_by_mouse_and_keyboard(
    new_page, live_server, screenshot
):
    ada = learner_with_plan()
    items = list(ada.roadmaps.get().items.order_by("position"))
    target = items[5]
    page = new_page(WIDE)
    log_in(page, ada, live_server.url)
    page.goto("/roadmap/")
    page.locator(f'#timeline a.t-link[href="#item-{target.pk}"]').click()
    expect(card(page, target)).to_be_focused()
    expect(card(page, target)).to_be_in_viewport()
    assert page.url.endswith(f"#item-{target.pk}")

    other = items[8]
    page.evaluate("window.scrollTo(0, 0)")
    link = page.locator(f'#timeline a.t-link[href="#item-{other.pk}"]')
    link.focus()
    expect(page.locator(".timeline-focus")).to_contain_text(
        other.skill.name if other.skill_id else ""
    )
    page.keyboard.press("Enter")
    expect(card(page, other)).to_be_focused()

    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "roadmap-laptop")
    phone = new_page(PHONE)
    log_in(phone, ada, live_server.url)
    phone.goto("/roadmap/")
    scroller = phone.get_by_role("region", name=re.compile("Timeline of your roadmap"))
    scroller.focus()
    expect(scroller).to_be_focused()
    phone.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="6–18 months"
    ).click()
    expect(phone.locator("#stage-6-18")).to_be_in_viewport()
    # Every control of a card is a target of at least 24 × 24 px on a phone (WCAG 2.5.8).
    small = phone.evaluate(
        """() => [...document.querySelectorAll(
              'li.item summary, li.item button, .stage summary, .on-this-page a, .filters label')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect().height])
            .filter(([, height]) => height < 24)"""
    )
    assert not small, f"targets under 24 px: {small[:5]}"
    phone.evaluate("window.scrollTo(0, 0)")
    screenshot(phone, "roadmap-phone")


def test_every_page_has_no_serious_accessibility_violation_at_laptop_and_phone_width(
    new_page, live_server
):
    ada = learner_with_plan()
    items = list(ada.roadmaps.get().items.order_by("position"))
    from planner.services import update_item

    update_item(user=ada, item_id=items[0].pk, status=ItemStatus.DONE)
    update_item(user=ada, item_id=items[1].pk, status=ItemStatus.IN_PROGRESS)
    update_profile(user=ada, weekly_hours=12)
    build_roadmap(user=ada, reason="weekly hours changed")
    marie = mentor_of(ada)
    # A verification of a minute ago: the mentee page's card offers to undo it.
    from planner.services.mentoring import add_review

    skill_step = next(i for i in items[1:] if i.kind == "skill")
    add_review(mentor=marie, learner_id=ada.pk, kind="verify_level", item_id=skill_step.pk)
    visitor_pages = [
        "/",
        "/?role=data-scientist&weekly_hours=10",
        "/roles/",
        "/accounts/signup/",
        "/accounts/login/",
    ]
    learner_pages = [
        "/roadmap/",
        "/roadmap/versions/1/",
        "/roadmap/versions/2/",
        "/onboarding/",
        "/onboarding/skills/",
        "/roles/",
        "/mentors/",
        "/accounts/settings/",
    ]
    mentor_pages = ["/mentees/", f"/mentees/{ada.pk}/"]
    for viewport in (WIDE, PHONE):
        for who, paths in ((None, visitor_pages), (ada, learner_pages), (marie, mentor_pages)):
            page = new_page(viewport)
            if who is not None:
                log_in(page, who, live_server.url)
            for path in paths:
                response = page.goto(path)
                assert response.status < 400, path
                assert_accessible(page, f"{path} at {viewport['width']} px")
