"""A new learner and their mentor, as they would use Waymark in a browser."""

import re

import pytest
from playwright.sync_api import expect

from planner.models import LearnerSkill, Mentorship
from tests.browser.conftest import PHONE
from tests.browser.people import sign_up_link
from tests.conftest import emails_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-learning-path-42"


def sign_up(page, email, name, next_url=""):
    page.goto("/accounts/signup/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    expect(page.get_by_text(f"We sent a link to {email} to finish signing up")).to_be_visible()


def follow_sign_up_link(page, email):
    """Open the emailed link (in this browser) and continue: it logs in."""
    page.goto(sign_up_link(email))
    page.get_by_role("button", name="Continue to Waymark").click()


def stage_progress(page, key):
    return int(
        page.locator(f"#progress-stage-{key} [role=progressbar]").get_attribute("aria-valuenow")
    )


def test_sign_up_onboard_track_progress_and_get_a_level_verified(new_page, screenshot):
    # Sign up → onboarding: role, hours, then the self-assessment.
    page = new_page()
    sign_up(page, "ada@example.com", "Ada")
    follow_sign_up_link(page, "ada@example.com")
    expect(page).to_have_url(re.compile(r"/onboarding/$"))
    expect(page.get_by_role("heading", name="What role are you aiming for?")).to_be_visible()
    page.get_by_role("radio", name=re.compile(r"^Data scientist")).check()
    page.get_by_label("Hours a week").fill("12")
    page.get_by_role("button", name="Next: your skills").click()
    expect(page).to_have_url(re.compile(r"/onboarding/skills/$"))
    page.locator("#q-python").get_by_role("radio", name=re.compile("advanced beginner")).check()
    page.get_by_role("button", name="Build my roadmap").click()

    # The roadmap: three stages with their progress bars.
    expect(page).to_have_url(re.compile(r"/roadmap/$"))
    for title in ("0–6 months", "6–18 months", "18+ months"):
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    assert LearnerSkill.objects.get(user__email="ada@example.com", skill__slug="python").level == 2
    expect(page.locator("#timeline svg")).to_be_visible()

    # Mark the first item done: the stage's bar moves, the page is not reloaded.
    before = stage_progress(page, "0-6")
    page.evaluate("window.__stillHere = true")
    first = page.locator(".stage").first.locator("li.item").first
    item_id = first.get_attribute("id")
    first.get_by_role("button", name="Done").click()
    expect(page.locator(f"#{item_id} .status-badge")).to_have_text("Done")
    expect(page.locator(f"#{item_id}").get_by_role("button", name="Done")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.wait_for_function(
        "before => Number(document.querySelector('#progress-stage-0-6 [role=progressbar]')"
        ".getAttribute('aria-valuenow')) > before",
        arg=before,
    )
    assert page.evaluate("window.__stillHere") is True
    assert stage_progress(page, "0-6") > before

    screenshot(page, "journey-roadmap-laptop")
    phone = new_page(PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto("/roadmap/")
    screenshot(phone, "journey-roadmap-phone")

    # Invite a mentor by email.
    page.get_by_role("link", name="Mentors").click()
    page.get_by_label("Your mentor's email address").fill("marie@example.com")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to marie@example.com")).to_be_visible()
    [invitation] = emails_to("marie@example.com")
    link = re.search(r"https?://\S+/mentors/accept/\S+/", invitation.text).group(0)

    # The mentor has no account: they follow the link, sign up from it, and accept.
    mentor = new_page()
    mentor.goto(link)
    expect(mentor.get_by_role("heading", name="Mentor Ada?")).to_be_visible()
    mentor.get_by_role("link", name="Sign up and accept").click()
    expect(mentor.get_by_label("Email address")).to_have_value("marie@example.com")
    mentor.get_by_label("Your name").fill("Marie")
    mentor.get_by_label("Password", exact=True).fill(PASSWORD)
    mentor.get_by_label("Password again").fill(PASSWORD)
    mentor.get_by_role("button", name="Sign up").click()
    expect(mentor.get_by_role("heading", name="Check your inbox")).to_be_visible()
    # The link in Marie's inbox logs her in and brings her back to the invitation.
    follow_sign_up_link(mentor, "marie@example.com")
    mentor.get_by_role("button", name="Accept and follow Ada").click()
    expect(mentor.get_by_text("You now follow Ada's progress.")).to_be_visible()
    assert Mentorship.objects.get().status == "active"

    # The dashboard shows Ada with her on-track verdict and progress.
    mentor.get_by_role("link", name="Mentees", exact=True).click()
    card = mentor.locator(".mentee-card", has_text="Ada")
    expect(card.locator(".verdict")).to_have_text(re.compile(r"On track|Behind by|Ahead by"))
    expect(card.get_by_role("progressbar")).to_be_visible()
    screenshot(mentor, "mentor-dashboard-laptop")
    mentor_phone = new_page(PHONE)
    mentor_phone.context.add_cookies(mentor.context.cookies())
    mentor_phone.goto("/mentees/")
    screenshot(mentor_phone, "mentor-dashboard-phone")

    # The mentor verifies a level on Ada's roadmap.
    card.get_by_role("link", name="Review Ada's roadmap").click()
    second = mentor.locator(".stage").first.locator("li.item.item-skill").nth(1)
    verify = second.get_by_role("button", name=re.compile(r"^Verify .+ level \d$"))
    label = verify.inner_text()
    skill_name, level = re.match(r"Verify (.+) level (\d)", label).groups()
    mentor.evaluate("window.__stillHere = true")
    verify.click()
    # Ada has not started that step: verifying it changes her plan, so the page asks first.
    confirm = second.get_by_role("button", name=f"Yes, verify level {level}")
    expect(confirm).to_be_focused()
    confirm.click()
    expect(second.locator(".verified")).to_contain_text(f"Level {level} verified by a mentor")
    expect(verify).to_have_count(0)
    assert mentor.evaluate("window.__stillHere") is True, "the card updates in place"
    screenshot(mentor, "mentee-page-laptop")

    # A slip of the mouse: the card offers Undo (focused) for 10 minutes; undoing brings the
    # level back and focus to Verify, which then asks again.
    undo = second.get_by_role("button", name=f"Undo verifying {skill_name} level {level}")
    expect(undo).to_be_focused()
    undo.click()
    expect(second.get_by_role("button", name=label)).to_be_focused()
    expect(second.locator(".verified")).to_have_count(0)
    assert not LearnerSkill.objects.filter(
        user__email="ada@example.com", skill__name=skill_name, level__gt=0
    ).exists()
    second.get_by_role("button", name=label).click()
    second.get_by_role("button", name=f"Yes, verify level {level}").click()
    expect(second.locator(".verified")).to_contain_text(f"Level {level} verified by a mentor")
    assert mentor.evaluate("window.__stillHere") is True

    # Ada sees the verification on her roadmap.
    page.goto("/roadmap/")
    expect(
        page.locator(".roadmap-side").get_by_text(f"verified {skill_name} at level {level}")
    ).to_be_visible()
    expect(
        page.locator(".verified", has_text=f"Level {level} verified by a mentor (Marie)").first
    ).to_be_visible()
    row = LearnerSkill.objects.get(user__email="ada@example.com", skill__name=skill_name)
    assert (row.level, row.source) == (int(level), "mentor")
