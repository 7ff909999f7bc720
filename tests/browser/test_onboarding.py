"""Onboarding in Chromium: from a visitor's preview to a self-assessment that asks only what
the role needs and fills in the prerequisites a high level implies."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.people import sign_up_link
from tests.conftest import emails_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1280, "height": 900}
PASSWORD = "a-long-learning-path-42"


def test_preview_to_sign_up_to_an_assessment_that_fills_in_prerequisites(new_page, screenshot):
    page = new_page(WIDE)
    page.goto("/")
    page.get_by_label("Role").select_option("data-scientist")
    page.get_by_label("Hours a week").fill("8")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("link", name="Sign up and start from this plan").click()
    page.get_by_label("Your name").fill("Lin")
    page.get_by_label("Email address").fill("lin@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(
        page.get_by_text("We sent a link to lin@example.com to finish signing up")
    ).to_be_visible()

    # Lin opens the emailed link on another device: the preview's role and hours come along.
    link = sign_up_link("lin@example.com")
    page = new_page(WIDE)
    page.goto(link)
    page.get_by_role("button", name="Continue to Waymark").click()
    expect(page).to_have_url(re.compile(r"/onboarding/$"))
    expect(page.get_by_role("radio", name=re.compile(r"^Data scientist"))).to_be_checked()
    expect(page.get_by_label("Hours a week")).to_have_value("8")
    page.get_by_role("button", name="Next: your skills").click()

    expect(page).to_have_url(re.compile(r"/onboarding/skills/$"))
    assert page.locator("fieldset.skill-question").count() < 60
    statistics = page.locator("#q-statistics")
    statistics.get_by_role("radio", name=re.compile(r"^3 ")).check()
    # Statistics 3 needs probability 2 and Python 2: filled in, and said so.
    expect(
        page.locator("#q-probability").get_by_role("radio", name=re.compile(r"^2 "))
    ).to_be_checked()
    expect(page.locator("#q-python").get_by_role("radio", name=re.compile(r"^2 "))).to_be_checked()
    expect(page.locator("#prefill-note")).to_contain_text("Probability")
    # The learner can lower what was filled in.
    page.locator("#q-python").get_by_role("radio", name=re.compile(r"^1 ")).check()
    expect(page.locator("#q-python").get_by_role("radio", name=re.compile(r"^1 "))).to_be_checked()
    assert_accessible(page, "self-assessment at 1280 px")
    screenshot(page, "onboarding")
    page.get_by_role("button", name="Build my roadmap").click()
    expect(page).to_have_url(re.compile(r"/roadmap/$"))
    expect(page.get_by_text("8 h a week")).to_be_visible()


def test_a_sign_up_link_works_once_and_then_offers_a_new_one(new_page):
    page = new_page()
    page.goto("/accounts/signup/")
    page.get_by_label("Email address").fill("lin@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    link = sign_up_link("lin@example.com")
    page.goto(link)
    page.get_by_role("button", name="Continue to Waymark").click()
    expect(page.get_by_role("heading", name="What role are you aiming for?")).to_be_visible()

    elsewhere = new_page()
    elsewhere.goto(link)
    expect(
        elsewhere.get_by_role("heading", name="This link does not work any more")
    ).to_be_visible()
    assert_accessible(elsewhere, "a used sign-up link")
    elsewhere.get_by_role("button", name="Send a new link").click()
    expect(elsewhere.get_by_role("heading", name="Check your inbox")).to_be_visible()
    # The account is confirmed already: the new email says to log in instead.
    last = emails_to("lin@example.com")[-1]
    assert "tried to sign up" in last.subject and "/accounts/login/" in last.text
