"""Building, updating and reassessing roadmap versions through the services."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from config.errors import NotFound
from curriculum.models import Role
from planner.models import ItemStatus, LearnerSkill, LearnerSkillChange, Roadmap
from planner.services import build_roadmap, reassess, set_skill_levels, update_item, update_profile
from planner.services.roadmaps import REASON_BEHIND, REASON_GOAL, REASON_HOURS, REASON_LEVELS

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 7)


def test_building_needs_a_target_role(learner):
    with pytest.raises(ValidationError) as error:
        build_roadmap(user=learner, today=TODAY)
    assert "target_role" in error.value.message_dict


def test_a_first_roadmap_is_version_one_with_items_in_three_stages(aiming_at):
    learner = aiming_at("data-scientist", 10)
    roadmap = build_roadmap(user=learner, reason="first plan", today=TODAY)

    assert roadmap.version == 1 and roadmap.reason == "first plan"
    items = list(roadmap.items.order_by("position"))
    assert items and {i.stage for i in items} <= {"0-6", "6-18", "18+"}
    assert roadmap.total_hours == pytest.approx(sum(i.hours for i in items))
    assert all(i.reasons for i in items)
    assert items[0].start_date == TODAY and items[0].start_week == 0
    assert roadmap.curriculum_revision > 0


def test_versions_are_never_overwritten_and_diff_from_the_last(aiming_at):
    learner = aiming_at("data-analyst", 10)
    first = build_roadmap(user=learner, today=TODAY)
    first_keys = set(first.items.values_list("key", flat=True))
    update_profile(user=learner, target_role=Role.objects.get(slug="data-scientist"))

    second = build_roadmap(user=learner, reason=REASON_GOAL, today=TODAY)

    assert second.version == 2
    assert set(Roadmap.objects.get(pk=first.pk).items.values_list("key", flat=True)) == first_keys
    added = {entry["key"] for entry in second.diff["added"]}
    second_keys = set(second.items.values_list("key", flat=True))
    assert added == second_keys - first_keys
    assert {entry["key"] for entry in second.diff["removed"]} == first_keys - second_keys
    assert all(entry["label"] for entry in second.diff["added"])


def test_marking_a_skill_step_done_raises_the_level_and_keeps_history(aiming_at):
    learner = aiming_at()
    roadmap = build_roadmap(user=learner, today=TODAY)
    item = roadmap.items.filter(kind="skill").order_by("position").first()

    update_item(user=learner, item_id=item.pk, status=ItemStatus.DONE)

    level = LearnerSkill.objects.get(user=learner, skill=item.skill)
    assert level.level == item.to_level and level.source == "self"
    assert LearnerSkillChange.objects.filter(
        user=learner, skill=item.skill, level=item.to_level
    ).exists()


def test_skipping_a_step_raises_nothing(aiming_at):
    learner = aiming_at()
    item = build_roadmap(user=learner, today=TODAY).items.filter(kind="skill").first()
    update_item(user=learner, item_id=item.pk, status=ItemStatus.SKIPPED)
    assert not LearnerSkill.objects.filter(user=learner, skill=item.skill).exists()


def test_another_learners_item_does_not_exist_for_you(aiming_at, other_learner):
    learner = aiming_at()
    item = build_roadmap(user=learner, today=TODAY).items.first()
    with pytest.raises(NotFound):
        update_item(user=other_learner, item_id=item.pk, status=ItemStatus.DONE)


def test_a_step_staying_in_the_plan_keeps_its_status_and_note(aiming_at):
    learner = aiming_at()
    first = build_roadmap(user=learner, today=TODAY)
    item = first.items.order_by("position").last()
    update_item(user=learner, item_id=item.pk, status=ItemStatus.IN_PROGRESS, note="halfway")

    second = build_roadmap(user=learner, today=TODAY)

    carried = second.items.get(key=item.key)
    assert (carried.status, carried.note) == (ItemStatus.IN_PROGRESS, "halfway")


def test_done_steps_stay_done_in_later_versions(aiming_at):
    learner = aiming_at()
    first = build_roadmap(user=learner, today=TODAY)
    item = first.items.filter(kind="skill").order_by("position").first()
    update_item(user=learner, item_id=item.pk, status=ItemStatus.DONE)

    second = build_roadmap(user=learner, today=TODAY + timedelta(days=14))

    kept = second.items.get(key=item.key)
    assert kept.status == ItemStatus.DONE and kept.start_date == item.start_date
    # The rest is planned from the new day, in weeks since the journey began.
    todo = second.items.exclude(status=ItemStatus.DONE).order_by("position").first()
    assert todo.start_date == TODAY + timedelta(days=14)
    assert todo.start_week == pytest.approx(2.0)


def test_reassessing_an_untouched_plan_on_schedule_keeps_it(aiming_at):
    learner = aiming_at()
    build_roadmap(user=learner, today=TODAY)
    result = reassess(user=learner, today=TODAY)
    assert not result.new_version and result.state == "on_track"
    assert Roadmap.objects.filter(user=learner).count() == 1


def test_falling_behind_beyond_the_threshold_makes_a_new_version(aiming_at):
    learner = aiming_at()
    build_roadmap(user=learner, today=TODAY)
    result = reassess(user=learner, today=TODAY + timedelta(weeks=6))
    assert result.new_version and result.reason == REASON_BEHIND
    assert result.state == "behind" and result.weeks > 2
    assert result.roadmap.version == 2


def test_a_little_behind_is_recorded_but_does_not_churn(aiming_at):
    learner = aiming_at()
    build_roadmap(user=learner, today=TODAY)
    result = reassess(user=learner, today=TODAY + timedelta(weeks=1))
    assert not result.new_version and result.state == "behind"
    assert Roadmap.objects.get(user=learner).state_weeks == pytest.approx(result.weeks)


def test_changed_hours_or_levels_make_a_new_version(aiming_at):
    learner = aiming_at()
    build_roadmap(user=learner, today=TODAY)
    update_profile(user=learner, weekly_hours=20)
    assert reassess(user=learner, today=TODAY).reason == REASON_HOURS
    set_skill_levels(user=learner, levels={"sql": 3})
    assert reassess(user=learner, today=TODAY).reason == REASON_LEVELS
    assert Roadmap.objects.filter(user=learner).count() == 3


def test_progress_along_the_plan_is_not_a_change_of_levels(aiming_at):
    learner = aiming_at()
    roadmap = build_roadmap(user=learner, today=TODAY)
    for item in roadmap.items.filter(kind="skill").order_by("position")[:3]:
        update_item(user=learner, item_id=item.pk, status=ItemStatus.DONE)
    assert not reassess(user=learner, today=TODAY).new_version


def test_weekly_hours_outside_the_range_are_refused(learner):
    with pytest.raises(ValidationError) as error:
        update_profile(user=learner, weekly_hours=81)
    assert "weekly_hours" in error.value.message_dict


def test_levels_outside_the_scale_or_unknown_skills_are_refused(learner):
    with pytest.raises(ValidationError) as error:
        set_skill_levels(user=learner, levels={"python": 6, "knitting": 2})
    assert set(error.value.message_dict) == {"python", "knitting"}
