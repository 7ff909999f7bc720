"""A roadmap card says what to study, in a real browser: the level's descriptor, a practice
task, resources (free first), the learner's own resources; a project card its dataset."""

import re

import pytest
from playwright.sync_api import expect

from curriculum.models import SkillLevel
from planner.models import LearnerResource
from tests.browser.conftest import PHONE, SCREENSHOTS
from tests.factories import UserFactory, roadmap_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-learning-path-42"


def log_in(page, email):
    page.goto("/accounts/login/?next=/roadmap/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/roadmap/$"))


def test_a_card_shows_what_to_study_and_keeps_the_learners_own_resource(new_page):
    learner = UserFactory(email="ada@example.com", name="Ada", password=PASSWORD)
    _, roadmap = roadmap_for(learner, role="data-analyst")
    first = roadmap.items.filter(kind="skill").order_by("position").first()
    level = SkillLevel.objects.get(skill=first.skill, level=first.to_level)
    page = new_page()
    log_in(page, learner.email)

    card = page.locator(f"#item-{first.pk}")
    expect(card.locator(".study-level")).to_contain_text(f"At level {first.to_level} (")
    expect(card.locator(".study-level")).to_contain_text(level.descriptor)
    practice = card.locator(".study-practice")
    expect(practice).to_be_hidden()  # folded until asked for
    card.get_by_text("How to get there").click()
    expect(practice).to_have_text(level.practice)
    links = card.locator(".study-resources:not(.own-resources) li")
    assert links.count() >= 2
    summaries = links.locator(".muted").all_inner_texts()
    frees = ["paid" not in text for text in summaries]
    assert frees == sorted(frees, reverse=True), "free resources first"
    first_link = links.first.get_by_role("link")
    expect(first_link).to_have_attribute("href", re.compile(r"^https://"))
    expect(first_link).to_have_attribute("target", "_blank")

    # The learner adds a resource of their own: the card updates in place, panel open.
    page.evaluate("window.__stillHere = true")
    card.get_by_text("Add a resource that helped you").click()
    card.get_by_label("Resource title").fill("StatQuest: probability")
    card.get_by_label("Resource link").fill("https://www.youtube.com/@statquest")
    card.get_by_role("button", name="Add resource").click()
    own = page.locator(f"#item-{first.pk} .own-resources")
    expect(own.get_by_role("link", name="StatQuest: probability")).to_be_visible()
    assert page.evaluate("window.__stillHere") is True
    assert LearnerResource.objects.filter(item=first).count() == 1

    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator(f"#item-{first.pk}").screenshot(path=str(SCREENSHOTS / "card-study.png"))

    # A project card: its deliverables and a suggested public dataset.
    project = (
        roadmap.items.filter(kind="project", project__dataset_url__gt="")
        .order_by("position")
        .first()
    )
    assert project is not None
    project_card = page.locator(f"#item-{project.pk}")
    project_card.scroll_into_view_if_needed()
    dataset = project_card.locator(".study-dataset").get_by_role("link")
    expect(dataset).to_have_text(project.project.dataset_title)
    expect(dataset).to_have_attribute("href", project.project.dataset_url)
    expect(project_card.locator(".deliverables li")).to_have_count(
        len(project.project.deliverables)
    )
    project_card.screenshot(path=str(SCREENSHOTS / "card-project-dataset.png"))


def test_the_study_panel_fits_a_phone(new_page):
    learner = UserFactory(email="ada@example.com", name="Ada", password=PASSWORD)
    _, roadmap = roadmap_for(learner, role="data-analyst")
    first = roadmap.items.filter(kind="skill").order_by("position").first()
    page = new_page(PHONE)
    log_in(page, learner.email)

    card = page.locator(f"#item-{first.pk}")
    card.get_by_text("How to get there").click()
    expect(card.locator(".study-practice")).to_be_visible()

    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways on a phone: {widths}"
    SCREENSHOTS.mkdir(exist_ok=True)
    card.screenshot(path=str(SCREENSHOTS / "card-study-phone.png"))
