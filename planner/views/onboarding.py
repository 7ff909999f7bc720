"""Onboarding: the goal (role, hours, target date), then the self-assessment, then the roadmap."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.services import PREVIEW_GOAL_KEY
from curriculum.models import Role, Skill
from planner import services
from planner.engine import PlanningError, role_fit, role_profile
from planner.forms import GoalForm, SkillAssessmentForm
from planner.models import LevelSource, Roadmap
from planner.selectors.learners import learner_profile
from planner.services.learners import current_levels
from planner.services.roadmaps import REASON_FIRST, REASON_LEVELS, profile_change_reason
from planner.snapshot import any_of_members, curriculum_graph_for
from planner.views.common import add_service_errors


def _after_replanning(request, roadmap, *, unchanged: str):
    """Where a saved change of goal or levels leads: the new version it made, or the roadmap
    as it was, saying ``unchanged``."""
    if roadmap is not None:
        messages.success(request, f"Plan updated: version {roadmap.version}.")
        return redirect("planner:roadmap-version", version=roadmap.version)
    messages.info(request, unchanged)
    return redirect("planner:roadmap")


@login_required
@require_http_methods(["GET", "POST"])
def goal(request):
    """Step 1: the target role (with its description, tasks, tools and fit), hours, date."""
    profile = learner_profile(request.user)
    has_roadmap = Roadmap.objects.current(request.user) is not None
    initial = {
        "target_role": profile.target_role.slug if profile.target_role else None,
        # 10, not 10.0: the number as the learner typed it.
        "weekly_hours": _hours_text(profile.weekly_hours),
        "target_date": profile.target_date,
        "include_nice_to_have": profile.include_nice_to_have,
    }
    preview = request.session.get(PREVIEW_GOAL_KEY) if profile.target_role is None else None
    if preview:
        initial["target_role"] = preview.get("role") or initial["target_role"]
        initial["weekly_hours"] = preview.get("weekly_hours") or initial["weekly_hours"]
    form = GoalForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                change = services.update_profile(user=request.user, **form.cleaned_data)
                roadmap = None
                if has_roadmap and change.changed:
                    roadmap = services.build_roadmap(
                        user=request.user, reason=profile_change_reason(change.changed)
                    )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.pop(PREVIEW_GOAL_KEY, None)
            if not has_roadmap:
                return redirect("planner:onboarding-skills")
            return _after_replanning(request, roadmap, unchanged="Nothing changed.")

    levels = current_levels(request.user)
    fits = {}
    if levels:
        fits = {
            f.role: f
            for f in role_fit(curriculum_graph_for(levels), levels, profile.include_nice_to_have)
        }
    roles = {
        r.slug: r
        for r in Role.objects.filter(is_retired=False)
        .prefetch_related("tasks")
        .order_by("position")
    }
    options = [
        {
            "radio": radio,
            "role": roles.get(str(radio.data["value"])),
            "fit": fits.get(str(radio.data["value"])),
        }
        for radio in form["target_role"]
    ]
    return render(
        request,
        "planner/onboarding_goal.html",
        {"form": form, "options": options, "has_roadmap": has_roadmap, "step": 1},
    )


@login_required
@require_http_methods(["GET", "POST"])
def skills(request):
    """Step 2: the self-assessment by area; each skill's level descriptors are the choices.

    Ends by building the roadmap (the first one, or a new version when levels changed).
    """
    profile = learner_profile(request.user)
    if profile.target_role is None:
        messages.info(request, "Choose your target role first.")
        return redirect("planner:onboarding")
    levels = current_levels(request.user)
    initial = {f"skill-{slug}": level for slug, level in levels.items()}
    graph = curriculum_graph_for(levels)
    try:
        closure = role_profile(graph, profile.target_role.slug, profile.include_nice_to_have)
    except PlanningError:
        closure = {}
    # Only the skills the role's plan can touch (its requirements and their prerequisites,
    # every member of a "one of these" requirement), and any the learner already has a
    # level in, so nothing they said is hidden.
    touched = set(closure) | set(levels) | any_of_members(profile.target_role.slug)
    asked = (
        Skill.objects.filter(is_retired=False, slug__in=touched)
        .select_related("area")
        .prefetch_related("levels")
        .order_by("area__position", "position", "slug")
    )
    form = SkillAssessmentForm(
        request.POST if request.method == "POST" else None, initial=initial, skills=asked
    )
    has_roadmap = Roadmap.objects.current(request.user) is not None
    if request.method == "POST" and form.is_valid():
        # Only levels the learner moved are written, so a mentor's verification of a level
        # the learner left alone stays a verification.
        changed = {s: lv for s, lv in form.levels().items() if lv != levels.get(s, 0)}
        try:
            with transaction.atomic():
                if changed:
                    services.set_skill_levels(
                        user=request.user, levels=changed, source=LevelSource.SELF
                    )
                roadmap = None
                if not has_roadmap:
                    roadmap = services.build_roadmap(user=request.user, reason=REASON_FIRST)
                elif changed:
                    roadmap = services.build_roadmap(user=request.user, reason=REASON_LEVELS)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if roadmap is not None and roadmap.version == 1:
                messages.success(request, "Your roadmap is ready.")
                return redirect("planner:roadmap")
            return _after_replanning(request, roadmap, unchanged="Your levels are unchanged.")
    required = {
        r.skill.slug: r.level for r in profile.target_role.requirements.select_related("skill")
    }
    prerequisites = {
        slug: [
            [p.skill, p.level, p.for_level]
            for p in graph.skills[slug].prerequisites
            if p.skill in closure or p.skill in levels
        ]
        for slug in closure
        if slug in graph.skills
    }
    return render(
        request,
        "planner/onboarding_skills.html",
        {
            "form": form,
            "areas": form.areas(closure, required),
            "prerequisites": prerequisites,
            "role": profile.target_role,
            "has_roadmap": has_roadmap,
            "step": 2,
        },
    )


def _hours_text(hours: float) -> float | int:
    return int(hours) if float(hours).is_integer() else hours
