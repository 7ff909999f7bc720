"""Pages anyone can open: the landing page with a roadmap preview, and the roles side by side."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from curriculum.models import Priority, Role
from planner import services
from planner.engine import LearnerState, PlanningError, build_plan, role_fit
from planner.forms import PreviewForm
from planner.models import Roadmap
from planner.selectors import roadmaps as selectors
from planner.selectors.learners import learner_profile
from planner.services.learners import current_levels
from planner.services.roadmaps import REASON_GOAL
from planner.snapshot import curriculum_graph_for
from planner.timeline import timeline_svg
from planner.views.common import attempt, is_mentor


def home(request):
    """Landing: a roadmap preview for visitors; learners go straight to their roadmap."""
    if request.user.is_authenticated:
        if Roadmap.objects.current(request.user) is not None:
            return redirect("planner:roadmap")
        # Mentors land on their mentees (log-in redirects here), not on a learner's onboarding.
        if is_mentor(request.user):
            return redirect("planner:mentees")
        return redirect("planner:onboarding")
    form = PreviewForm(request.GET or None)
    preview = timeline = None
    if form.is_valid():
        plan, learner = services.preview_plan(
            role=form.cleaned_data["role"].slug,
            weekly_hours=form.cleaned_data["weekly_hours"],
            skills={},
        )
        preview = selectors.plan_view(plan, learner)
        timeline = timeline_svg(preview, element_id="preview-timeline")
    return render(
        request,
        "planner/home.html",
        {"form": form, "preview": preview, "timeline": timeline, "today": timezone.localdate()},
    )


def roles(request):
    """Every role side by side: tasks, core skills, and the hours the learner still needs."""
    role_rows = list(
        Role.objects.filter(is_retired=False)
        .prefetch_related("tasks", "requirements__skill")
        .select_related("variant_of")
        .order_by("position", "slug")
    )
    levels, profile = {}, None
    if request.user.is_authenticated:
        profile = learner_profile(request.user)
        levels = current_levels(request.user)
    graph = curriculum_graph_for(levels)
    fits = {
        fit.role: fit
        for fit in role_fit(
            graph,
            levels,
            profile.include_nice_to_have if profile else False,
            profile.weekly_hours if profile else None,
        )
    }
    include_nice = profile.include_nice_to_have if profile else False
    state = LearnerState(
        levels=levels,
        weekly_hours=float(profile.weekly_hours) if profile else 10.0,
        start_date=timezone.localdate(),
        include_nice_to_have=include_nice,
    )
    cards = []
    for role in role_rows:
        fit = fits.get(role.slug)
        # The same total the roadmap shows: study steps plus the projects the plan adds.
        try:
            plan_hours = build_plan(graph, role.slug, state).total_hours
        except PlanningError:
            plan_hours = None
        cards.append(
            {
                "role": role,
                "fit": fit,
                "plan_hours": plan_hours,
                "project_hours": (plan_hours - fit.hours_to_proficient)
                if plan_hours and fit
                else 0,
                "core": [r for r in role.requirements.all() if r.priority == Priority.CORE],
                "nice": [r for r in role.requirements.all() if r.priority == Priority.NICE],
                "is_target": profile is not None and profile.target_role_id == role.pk,
            }
        )
    # Closest first, in the order role_fit ranks them.
    rank = {slug: n for n, slug in enumerate(fits)}
    cards.sort(key=lambda c: (rank.get(c["role"].slug, len(rank)), c["role"].slug))
    return render(
        request,
        "planner/roles.html",
        {"cards": cards, "has_levels": bool(levels), "nav": "roles"},
    )


@login_required
@require_POST
def switch_role(request):
    """Aim at another role: a new roadmap version, then the page showing what changed."""
    role = get_object_or_404(Role, slug=request.POST.get("role", ""), is_retired=False)
    change = attempt(request, services.update_profile, user=request.user, target_role=role)
    if change is None:
        return redirect("planner:roles")
    if Roadmap.objects.current(request.user) is None:
        return redirect("planner:onboarding-skills")
    if not change.changed:
        messages.info(request, f"{role.name} is already your target role.")
        return redirect("planner:roadmap")
    roadmap = services.build_roadmap(user=request.user, reason=REASON_GOAL)
    messages.success(request, f"Your target is now {role.name}: here is what changed in your plan.")
    return redirect("planner:roadmap-version", version=roadmap.version)
