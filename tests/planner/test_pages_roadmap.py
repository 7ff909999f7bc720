"""The roadmap page: stages, progress, in-place status updates, notes, evidence, versions."""

import pytest
from django.urls import reverse

from planner.models import Evidence, ItemStatus, LearnerSkill, RoadmapItem
from tests.factories import roadmap_for

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def roadmap(learner):
    return roadmap_for(learner, role="data-scientist")[1]


@pytest.fixture
def client_in(client, learner):
    client.force_login(learner)
    return client


def first_skill_item(roadmap):
    return roadmap.items.filter(kind="skill").order_by("position").first()


def test_roadmap_page_shows_three_stages_progress_timeline_and_items(client_in, roadmap):
    response = client_in.get(reverse("planner:roadmap"))
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("0–6 months", "6–18 months", "18+ months"):
        assert title in html
    assert 'id="progress-overall"' in html
    assert 'id="progress-stage-0-6"' in html and 'id="progress-stage-18"' in html
    assert "<svg" in html and "timeline-svg" in html
    assert "Ready to learn now" in html
    assert reverse("api:planner:roadmap-ics") in html
    item = first_skill_item(roadmap)
    assert f'id="item-{item.pk}"' in html
    assert item.reasons[0] in html


def test_a_learner_without_a_roadmap_is_sent_to_onboarding(client, learner):
    client.force_login(learner)
    assert client.get(reverse("planner:roadmap"))["Location"] == reverse("planner:onboarding")


def test_marking_an_item_done_with_htmx_returns_the_item_and_out_of_band_progress(
    client_in, roadmap
):
    item = first_skill_item(roadmap)
    response = client_in.post(
        reverse("planner:item-status", args=[item.pk]), {"status": "done"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="item-{item.pk}"')
    assert 'id="progress-stage-0-6" class="progress" hx-swap-oob="true"' in html
    assert 'id="progress-overall" class="progress" hx-swap-oob="true"' in html
    assert 'aria-valuenow="0"' not in html.split('id="progress-stage-0-6"')[1].split("</div>")[1]
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    level = LearnerSkill.objects.get(user=roadmap.user, skill=item.skill)
    assert level.level == item.to_level and level.source == "self"


def test_without_htmx_a_status_change_redirects_back_to_the_item(client_in, roadmap):
    item = first_skill_item(roadmap)
    response = client_in.post(
        reverse("planner:item-status", args=[item.pk]), {"status": "in_progress"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("planner:roadmap") + f"#item-{item.pk}"


def test_an_unknown_status_changes_nothing(client_in, roadmap):
    item = first_skill_item(roadmap)
    client_in.post(reverse("planner:item-status", args=[item.pk]), {"status": "finished"}, **HTMX)
    item.refresh_from_db()
    assert item.status == ItemStatus.TODO


def test_skipping_a_step_does_not_count_as_done_until_verified(client_in, roadmap):
    item = first_skill_item(roadmap)
    response = client_in.post(
        reverse("planner:item-status", args=[item.pk]), {"status": "skipped"}, **HTMX
    )
    html = response.content.decode()
    assert "counts as done once a mentor verifies" in html
    assert not LearnerSkill.objects.filter(
        user=roadmap.user, skill=item.skill, level__gt=0
    ).exists()


def test_a_note_is_saved_in_place(client_in, roadmap):
    item = first_skill_item(roadmap)
    response = client_in.post(
        reverse("planner:item-note", args=[item.pk]), {"note": "Chapter 3 of the book"}, **HTMX
    )
    assert "Chapter 3 of the book" in response.content.decode()
    item.refresh_from_db()
    assert item.note == "Chapter 3 of the book"


def test_evidence_links_are_added_and_removed(client_in, roadmap):
    item = first_skill_item(roadmap)
    url = "https://github.com/ada/titanic"
    response = client_in.post(
        reverse("planner:item-evidence", args=[item.pk]), {"url": url}, **HTMX
    )
    assert url in response.content.decode()
    evidence = Evidence.objects.get(item=item)
    client_in.post(reverse("planner:evidence-delete", args=[evidence.pk]), **HTMX)
    assert not Evidence.objects.filter(item=item).exists()


def test_an_evidence_link_must_be_a_web_address(client_in, roadmap):
    item = first_skill_item(roadmap)
    response = client_in.post(
        reverse("planner:item-evidence", args=[item.pk]), {"url": "javascript:alert(1)"}, **HTMX
    )
    assert "Enter a full link" in response.content.decode()
    assert not Evidence.objects.filter(item=item).exists()


def test_items_of_an_older_version_stay_as_they_were_the_change_goes_to_the_current_one(
    client_in, roadmap, learner
):
    from planner.services import build_roadmap

    old_item = first_skill_item(roadmap)
    current = build_roadmap(user=learner)
    response = client_in.post(
        reverse("planner:item-status", args=[old_item.pk]), {"status": "done"}
    )
    same_step = current.items.get(key=old_item.key)
    assert response["Location"] == reverse("planner:roadmap") + f"#item-{same_step.pk}"
    old_item.refresh_from_db()
    same_step.refresh_from_db()
    assert (old_item.status, same_step.status) == (ItemStatus.TODO, ItemStatus.DONE)


def test_a_version_page_shows_its_reason_and_diff(client_in, roadmap, learner):
    client_in.post(reverse("planner:role-switch"), {"role": "machine-learning-engineer"})
    response = client_in.get(reverse("planner:roadmap-version", args=[2]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "goal changed" in html
    assert "What changed from version 1" in html
    assert "Added (" in html and "Removed (" in html


def test_the_roadmap_lists_every_version(client_in, roadmap, learner):
    from planner.services import build_roadmap

    build_roadmap(user=learner, reason="rebuilt on request")
    html = client_in.get(reverse("planner:roadmap")).content.decode()
    assert "Version 2" in html and "Version 1" in html and "rebuilt on request" in html


def test_project_items_show_their_deliverables(client_in, roadmap):
    project = (
        RoadmapItem.objects.filter(roadmap=roadmap, kind="project")
        .select_related("project")
        .first()
    )
    if project is None:
        pytest.skip("no project in this plan")
    html = client_in.get(reverse("planner:roadmap")).content.decode()
    assert "Deliverables" in html
    assert project.project.deliverables[0] in html


def test_this_week_shows_work_in_progress_and_next_steps_never_skipped_ones(
    client_in, roadmap, learner
):
    from planner.services import update_item

    items = list(roadmap.items.filter(kind="skill").order_by("position"))
    update_item(user=learner, item_id=items[0].pk, status=ItemStatus.IN_PROGRESS)
    update_item(user=learner, item_id=items[1].pk, status=ItemStatus.SKIPPED)
    html = client_in.get(reverse("planner:roadmap")).content.decode()
    now = html.split('id="now"')[1].split("</section>")[0]
    assert f'href="#item-{items[0].pk}"' in now
    assert f'href="#item-{items[1].pk}"' not in now, "a skipped step is not offered again"
    assert f'href="#item-{items[2].pk}"' in now


def test_the_filter_shows_only_the_chosen_statuses_and_kinds(client_in, roadmap, learner):
    from planner.services import update_item

    item = first_skill_item(roadmap)
    update_item(user=learner, item_id=item.pk, status=ItemStatus.DONE)
    html = client_in.get(reverse("planner:roadmap") + "?status=done&kind=skill").content.decode()
    stages = html.split('id="stages"')[1].split("<aside")[0]
    assert stages.count('<li id="item-') == 1 and f'id="item-{item.pk}"' in stages
    html = client_in.get(
        reverse("planner:roadmap") + "?kind=project&status=nonsense"
    ).content.decode()
    stages = html.split('id="stages"')[1].split("<aside")[0]
    assert 'class="item item-skill' not in stages and 'class="item item-project' in stages


def test_done_items_are_folded_under_the_open_ones(client_in, roadmap, learner):
    from planner.services import update_item

    item = first_skill_item(roadmap)
    update_item(user=learner, item_id=item.pk, status=ItemStatus.DONE)
    html = client_in.get(reverse("planner:roadmap")).content.decode()
    fold = html.split('<details class="done-fold">')[1].split("</details>")[0]
    assert f'id="item-{item.pk}"' in fold


def test_timeline_bars_link_to_their_cards(client_in, roadmap):
    html = client_in.get(reverse("planner:roadmap")).content.decode()
    item = first_skill_item(roadmap)
    assert f'<a class="t-link" href="#item-{item.pk}" aria-label="' in html
    assert 'role="region" aria-label="Timeline of your roadmap (scrolls sideways)"' in html
