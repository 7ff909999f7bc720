"""The learner's roadmap: stages, timeline, items with status, notes and evidence, versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from planner import services
from planner.engine import PlanningError, ready_to_learn
from planner.forms import EvidenceForm, NoteForm, StatusForm
from planner.models import Roadmap
from planner.selectors import roadmaps as selectors
from planner.selectors.learners import learner_profile
from planner.selectors.mentoring import roadmap_page
from planner.services.evidence import add_evidence, remove_evidence
from planner.services.learners import current_levels
from planner.snapshot import curriculum_graph
from planner.timeline import timeline_svg
from planner.views.common import first_form_error, first_message, is_htmx


def _ready_now(user, roadmap: Roadmap):
    profile = learner_profile(user)
    try:
        return ready_to_learn(
            curriculum_graph(),
            current_levels(user),
            roadmap.role.slug,
            profile.include_nice_to_have,
        )
    except PlanningError:
        return ()


@login_required
def roadmap(request):
    """The current version, with its verdict as of the last reassessment."""
    current = selectors.current_roadmap(request.user)
    if current is None:
        return redirect("onboarding")
    page = roadmap_page(current)
    today = timezone.localdate()
    versions = Roadmap.objects.versions(request.user).select_related("role")
    return render(
        request,
        "planner/roadmap.html",
        {
            "roadmap": current,
            "page": page,
            "view": page.view,
            "timeline": timeline_svg(page.view, today),
            "ready_now": _ready_now(request.user, current),
            "versions": versions,
            "today": today,
            "mode": "learner",
            "nav": "roadmap",
        },
    )


@login_required
def roadmap_version(request, version: int):
    """One version (its reason and what changed from the one before), read-only."""
    shown = selectors.roadmap_version(request.user, version)
    current = selectors.current_roadmap(request.user)
    page = roadmap_page(shown)
    return render(
        request,
        "planner/roadmap_version.html",
        {
            "roadmap": shown,
            "page": page,
            "view": page.view,
            "is_current": current is not None and current.pk == shown.pk,
            "diff": shown.diff or {},
            "timeline": timeline_svg(page.view, timezone.localdate()),
            "mode": "readonly",
            "nav": "roadmap",
        },
    )


def item_fragment(
    request, roadmap: Roadmap, item_id: int, *, mode: str, open_panel="", announce="", **extra
):
    """An item's card, and out-of-band the progress bars and timeline it moves (for HTMX)."""
    page = roadmap_page(roadmap)
    try:
        card = page.card(item_id)
    except StopIteration:
        raise Http404 from None
    return render(
        request,
        "planner/partials/item_update.html",
        {
            "card": card,
            "page": page,
            "view": page.view,
            "roadmap": roadmap,
            "stage": page.stage_of(item_id),
            "timeline": timeline_svg(page.view, timezone.localdate()),
            "mode": mode,
            "open_panel": open_panel,
            "announce": announce,
            **extra,
        },
    )


def _item_response(request, item_id: int, open_panel: str = "", announce: str = ""):
    current = selectors.current_roadmap(request.user)
    if current is None:
        raise Http404
    if not is_htmx(request):
        return redirect(reverse("roadmap") + f"#item-{item_id}")
    return item_fragment(
        request, current, item_id, mode="learner", open_panel=open_panel, announce=announce
    )


def _error_response(request, item_id: int, message: str):
    if is_htmx(request):
        response = _item_response(request, item_id, announce=message)
        response.status_code = 200
        return response
    messages.error(request, message)
    return redirect(reverse("roadmap") + f"#item-{item_id}")


@login_required
@require_POST
def item_status(request, item_id: int):
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _error_response(request, item_id, "Choose to do, in progress, done or skipped.")
    item = services.update_item(
        user=request.user, item_id=item_id, status=form.cleaned_data["status"]
    )
    return _item_response(request, item_id, announce=f"Marked {item.get_status_display()}.")


@login_required
@require_POST
def item_note(request, item_id: int):
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _error_response(request, item_id, first_form_error(form))
    services.update_item(user=request.user, item_id=item_id, note=form.cleaned_data["note"])
    return _item_response(request, item_id, open_panel="note", announce="Note saved.")


@login_required
@require_POST
def item_evidence(request, item_id: int):
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        return _error_response(request, item_id, first_form_error(form))
    try:
        add_evidence(user=request.user, item_id=item_id, **form.cleaned_data)
    except ValidationError as error:
        return _error_response(request, item_id, first_message(error))
    return _item_response(request, item_id, open_panel="evidence", announce="Link added.")


@login_required
@require_POST
def evidence_delete(request, evidence_id: int):
    item = remove_evidence(user=request.user, evidence_id=evidence_id)
    return _item_response(request, item.pk, open_panel="evidence", announce="Link removed.")
