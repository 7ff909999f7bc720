"""A learner's goal, time and skill levels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from accounts.models import User
from curriculum.models import Role, Skill
from planner import engine
from planner.models import LearnerProfile, LearnerSkill, LearnerSkillChange, LevelSource
from planner.services.changes import mark_changed

# Sent after commit with user_id and what changed ("goal", "hours", "levels", "progress"), so background
# reassessment can follow without the web request waiting for it.
learner_changed = Signal()

_UNSET = object()

# A plan starts within five years of today, either way, and aims at most this far ahead: no
# career plan needs more, and the calendar arithmetic of the engine stays far from its limits.
START_DATE_YEARS = 5
TARGET_DATE_YEARS = 20


def plan_date_errors(
    *, start_date: date | None, target_date: date | None, today: date | None = None
) -> dict[str, str]:
    """What is wrong with a plan's start and target dates, by field (empty when nothing).

    The start is within ±5 years of today; the target is not in the past, after the start,
    and within 20 years of it.
    """
    today = today or timezone.localdate()
    errors = {}
    window = timedelta(days=365 * START_DATE_YEARS + 1)
    if start_date is not None and not today - window <= start_date <= today + window:
        errors["start_date"] = (
            f"The start date must be within {START_DATE_YEARS} years of today "
            f"({(today - window).isoformat()} to {(today + window).isoformat()})."
        )
    if target_date is not None:
        start = start_date if start_date is not None and "start_date" not in errors else today
        if target_date < today:
            errors["target_date"] = "The target date must not be in the past."
        elif target_date <= start:
            errors["target_date"] = "The target date must be after the start date."
        elif target_date > start + timedelta(days=365 * TARGET_DATE_YEARS + 5):
            errors["target_date"] = (
                f"The target date must be within {TARGET_DATE_YEARS} years of the start."
            )
    return errors


@dataclass(frozen=True)
class ProfileChange:
    profile: LearnerProfile
    changed: tuple[str, ...]


def ensure_profile(user: User) -> LearnerProfile:
    profile, _ = LearnerProfile.objects.select_related("target_role").get_or_create(user=user)
    return profile


def touch_activity(user: User) -> None:
    LearnerProfile.objects.filter(user=user).update(last_activity_at=timezone.now())


def announce_change(user_id: int, changed: tuple[str, ...]) -> None:
    if changed:
        transaction.on_commit(
            lambda: learner_changed.send(sender=LearnerProfile, user_id=user_id, changed=changed)
        )


@transaction.atomic
def update_profile(
    *,
    user: User,
    target_role: Role | None | object = _UNSET,
    weekly_hours: float | object = _UNSET,
    start_date: date | None | object = _UNSET,
    target_date: date | None | object = _UNSET,
    include_nice_to_have: bool | object = _UNSET,
) -> ProfileChange:
    """Change what the learner aims at; says which plan inputs moved."""
    profile = ensure_profile(user)
    values = {
        "target_role": target_role,
        "weekly_hours": weekly_hours,
        "start_date": start_date,
        "target_date": target_date,
        "include_nice_to_have": include_nice_to_have,
    }
    changed_fields = []
    for field, value in values.items():
        if value is _UNSET or getattr(profile, field) == value:
            continue
        setattr(profile, field, value)
        changed_fields.append(field)
    if not changed_fields:
        return ProfileChange(profile=profile, changed=())
    # Only dates being set are judged: a target set last year may be past by now.
    errors = plan_date_errors(
        start_date=profile.start_date,
        target_date=profile.target_date
        if {"start_date", "target_date"} & set(changed_fields)
        else None,
    )
    if "start_date" not in changed_fields:
        errors.pop("start_date", None)
    if errors:
        raise ValidationError(errors)
    if profile.target_role is not None and profile.target_role.is_retired:
        raise ValidationError({"target_role": "This role is no longer offered."})
    profile.full_clean(exclude=["user"])
    profile.last_activity_at = timezone.now()
    profile.save()
    kinds = []
    if {"target_role", "include_nice_to_have", "target_date"} & set(changed_fields):
        kinds.append("goal")
    if {"weekly_hours", "start_date"} & set(changed_fields):
        kinds.append("hours")
    announce_change(user.pk, tuple(kinds))
    return ProfileChange(profile=profile, changed=tuple(changed_fields))


@transaction.atomic
def set_skill_levels(
    *,
    user: User,
    levels: Mapping[str, int],
    source: str = LevelSource.SELF,
    changed_by: User | None = None,
    replace: bool = False,
    announce: bool = True,
) -> dict[str, int]:
    """Set the learner's level in each skill (slug → 0–MAX_LEVEL), keeping the history.

    With ``replace``, skills not listed go back to 0 (a full self-assessment). Returns the
    levels that changed.
    """
    skills = {s.slug: s for s in Skill.objects.filter(slug__in=levels, is_retired=False)}
    errors = {}
    for slug, level in levels.items():
        if slug not in skills:
            errors[slug] = f"Unknown skill '{slug}'."
        elif not engine.is_level(level):
            errors[slug] = f"Level {level!r} is outside 0–{engine.MAX_LEVEL}."
    if errors:
        raise ValidationError(errors)
    if source not in LevelSource.values:
        raise ValidationError({"source": f"Unknown source '{source}'."})

    current = {
        row.skill.slug: row
        for row in LearnerSkill.objects.select_related("skill").filter(user=user)
    }
    wanted = dict(levels)
    if replace:
        wanted.update({slug: 0 for slug in current if slug not in levels})
    changed: dict[str, int] = {}
    history = []
    for slug, level in sorted(wanted.items()):
        row = current.get(slug)
        previous = row.level if row else 0
        if row is not None and row.level == level and row.source == source:
            continue
        if row is None:
            if level == 0:
                continue
            row = LearnerSkill(user=user, skill=skills[slug], level=level, source=source)
        else:
            row.level, row.source = level, source
        row.save()
        if previous != level:
            changed[slug] = level
        history.append(
            LearnerSkillChange(
                user=user,
                skill=row.skill,
                previous_level=previous,
                level=level,
                source=source,
                changed_by=changed_by or user,
            )
        )
    LearnerSkillChange.objects.bulk_create(history)
    if history:
        # Verified levels decide whether skipped steps count as done on the roadmap.
        mark_changed(user=user)
    if changed:
        touch_activity(user)
        if announce:
            announce_change(user.pk, ("levels",))
    return changed


def current_levels(user: User) -> dict[str, int]:
    return dict(
        LearnerSkill.objects.filter(user=user, level__gt=0).values_list("skill__slug", "level")
    )


@transaction.atomic
def new_calendar_link(*, user: User) -> int:
    """Replace the learner's calendar feed URL: the ones handed out before stop working.
    Returns the new generation."""
    profile = ensure_profile(user)
    LearnerProfile.objects.filter(pk=profile.pk).update(
        calendar_generation=F("calendar_generation") + 1
    )
    profile.refresh_from_db(fields=["calendar_generation"])
    return profile.calendar_generation
