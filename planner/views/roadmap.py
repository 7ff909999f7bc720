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
from planner.forms import EvidenceForm, NoteForm, OwnResourceForm, StatusForm
from planner.models import (
    ItemKind,
    ItemStatus,
    Mentorship,
    MentorshipStatus,
    Roadmap,
    RoadmapItem,
)
from planner.selectors import roadmaps as selectors
from planner.selectors.learners import learner_profile
from planner.selectors.mentoring import roadmap_page
from planner.services.evidence import add_evidence, remove_evidence
from planner.services.learners import current_levels
from planner.services.own_resources import add_own_resource, remove_own_resource
from planner.services.review_requests import request_review as _request_review
from planner.services.steps import StepNotInPlan, current_step, step_label
from planner.snapshot import curriculum_graph_for
from planner.timeline import timeline_svg
from planner.views.calendar import feed_url
from planner.views.common import first_form_error, first_message, is_htmx, is_mentor


def _ready_keys(user, roadmap: Roadmap) -> list[str]:
    """Keys of the steps whose prerequisites are all met today, for the role of the plan."""
    profile = learner_profile(user)
    levels = current_levels(user)
    try:
        steps = ready_to_learn(
            curriculum_graph_for(levels),
            levels,
            roadmap.role.slug,
            profile.include_nice_to_have,
        )
    except PlanningError:
        return []
    return [step.key for step in steps]


def has_active_mentor(user) -> bool:
    return Mentorship.objects.filter(learner=user, status=MentorshipStatus.ACTIVE).exists()


STATUS_FILTERS = [(s.value, s.label.capitalize()) for s in ItemStatus]
KIND_FILTERS = [(ItemKind.SKILL.value, "Skills"), (ItemKind.PROJECT.value, "Projects")]


def _chosen(request, name: str, allowed) -> list[str]:
    values = {value for value, _ in allowed}
    return [v for v in request.GET.getlist(name) if v in values]


@login_required
def roadmap(request):
    """The current version, with its verdict as of the last reassessment: this week's work
    first, then the stages (finished items folded), filterable by status and kind."""
    current = Roadmap.objects.current(request.user)
    if current is None:
        if is_mentor(request.user):
            return redirect("planner:mentees")
        return redirect("planner:onboarding")
    page = roadmap_page(current)
    today = timezone.localdate()
    versions = Roadmap.objects.versions(request.user).select_related("role")
    statuses = _chosen(request, "status", STATUS_FILTERS)
    kinds = _chosen(request, "kind", KIND_FILTERS)
    shown = page.filtered(statuses=statuses, kinds=kinds) if statuses or kinds else page
    return render(
        request,
        "planner/roadmap.html",
        {
            "roadmap": current,
            "page": shown,
            "view": page.view,
            "timeline": timeline_svg(page.view, today),
            "now": page.this_week(_ready_keys(request.user, current)),
            "versions": versions,
            "today": today,
            "mode": "learner",
            "nav": "roadmap",
            "status_filters": STATUS_FILTERS,
            "kind_filters": KIND_FILTERS,
            "statuses": statuses,
            "kinds": kinds,
            "filtering": bool(statuses or kinds),
            "calendar_url": feed_url(request, request.user),
            "has_mentor": has_active_mentor(request.user),
        },
    )


@login_required
def roadmap_version(request, version: int):
    """One version (its reason and what changed from the one before), read-only."""
    shown = selectors.roadmap_version(request.user, version)
    current = Roadmap.objects.current(request.user)
    page = roadmap_page(shown)
    diff = shown.diff or {}
    return render(
        request,
        "planner/roadmap_version.html",
        {
            "roadmap": shown,
            "page": page,
            "view": page.view,
            "is_current": current is not None and current.pk == shown.pk,
            "diff": diff,
            **selectors.diff_dates(diff),
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


def stale_notice(item: RoadmapItem, version: int) -> str:
    """What a card says when the page that was clicked was older than the plan."""
    if not getattr(item, "stale_id", None):
        return ""
    return (
        f"Your plan was updated (now version {version}) while this page was open. "
        "This is the step's current card; your change was applied to it."
    )


def gone_fragment(request, gone: StepNotInPlan, *, typed: dict | None = None, back_url: str):
    """The card of a step that left the plan: says so, and keeps what the person typed."""
    context = {
        "item_id": gone.item.pk,
        "label": step_label(gone.item),
        "version": gone.version,
        "typed": {k: v for k, v in (typed or {}).items() if v},
        "back_url": back_url,
    }
    return render(request, "planner/partials/item_gone.html", context)


def _gone_response(request, gone: StepNotInPlan, typed: dict | None = None):
    message = (
        f"Your plan was updated (now version {gone.version}) and no longer has "
        f"{step_label(gone.item)}; nothing was changed."
    )
    if is_htmx(request):
        return gone_fragment(request, gone, typed=typed, back_url=reverse("planner:roadmap"))
    messages.warning(request, message)
    return redirect("planner:roadmap")


def _item_response(
    request, item: RoadmapItem, *, open_panel: str = "", announce: str = "", **extra
):
    current = Roadmap.objects.current(request.user)
    if current is None:
        raise Http404
    notice = stale_notice(item, current.version)
    if not is_htmx(request):
        if notice:
            messages.info(request, notice)
        if extra.get("error"):
            messages.error(request, extra["error"])
        return redirect(reverse("planner:roadmap") + f"#item-{item.pk}")
    return item_fragment(
        request,
        current,
        item.pk,
        mode="learner",
        open_panel=open_panel,
        announce=" ".join(filter(None, [notice, announce])),
        notice=notice,
        has_mentor=has_active_mentor(request.user),
        **extra,
    )


def _resolve(request, item_id: int, typed: dict | None = None):
    """(current item, None) for the step ``item_id`` stands for, or (None, a response)."""
    try:
        return current_step(user_id=request.user.pk, item_id=item_id), None
    except StepNotInPlan as gone:
        return None, _gone_response(request, gone, typed)


@login_required
@require_POST
def item_status(request, item_id: int):
    form = StatusForm(request.POST)
    if not form.is_valid():
        item, gone = _resolve(request, item_id)
        return gone or _item_response(
            request, item, error="Choose to do, in progress, done or skipped."
        )
    try:
        item = services.update_item(
            user=request.user, item_id=item_id, status=form.cleaned_data["status"]
        )
    except StepNotInPlan as gone:
        return _gone_response(request, gone)
    warning = ""
    if item.unmet_prerequisites:
        warning = (
            "Marked done, but you have not reached "
            + ", ".join(item.unmet_prerequisites)
            + " yet: it is a prerequisite of this step."
        )
    return _item_response(
        request, item, announce=f"Marked {item.get_status_display()}.", warning=warning
    )


@login_required
@require_POST
def item_note(request, item_id: int):
    form = NoteForm(request.POST)
    typed = {"note": request.POST.get("note", "")}
    if not form.is_valid():
        item, gone = _resolve(request, item_id, typed)
        return gone or _item_response(
            request,
            item,
            open_panel="note",
            error=first_form_error(form),
            typed=typed,
        )
    try:
        item = services.update_item(
            user=request.user, item_id=item_id, note=form.cleaned_data["note"]
        )
    except StepNotInPlan as gone:
        return _gone_response(request, gone, typed)
    return _item_response(request, item, open_panel="note", announce="Note saved.")


def _add_to_step(request, item_id: int, typed: dict, form_class, add, *, panel: str, done: str):
    """Validate ``form_class`` and call ``add`` (a service taking the user, the item id and
    the form's values) for a step; the card again, with the error or ``done`` announced."""
    item, gone = _resolve(request, item_id, typed)
    if gone:
        return gone
    form = form_class(request.POST)
    if not form.is_valid():
        return _item_response(
            request, item, open_panel=panel, error=first_form_error(form), typed=typed
        )
    try:
        item = add(user=request.user, item_id=item_id, **form.cleaned_data).item
    except StepNotInPlan as gone:
        return _gone_response(request, gone, typed)
    except ValidationError as error:
        return _item_response(
            request, item, open_panel=panel, error=first_message(error), typed=typed
        )
    return _item_response(request, item, open_panel=panel, announce=done)


@login_required
@require_POST
def item_evidence(request, item_id: int):
    typed = {"url": request.POST.get("url", ""), "evidence_note": request.POST.get("note", "")}
    return _add_to_step(
        request, item_id, typed, EvidenceForm, add_evidence, panel="evidence", done="Link added."
    )


@login_required
@require_POST
def item_review_request(request, item_id: int):
    """Ask the learner's mentors to review a step (and its links)."""
    typed = {"message": request.POST.get("message", ""), "review_url": request.POST.get("url", "")}
    try:
        _request_review(
            learner=request.user,
            item_id=item_id,
            message=typed["message"],
            evidence_url=typed["review_url"],
        )
    except RoadmapItem.DoesNotExist:
        raise Http404 from None
    except StepNotInPlan as gone:
        return _gone_response(request, gone, typed)
    except ValidationError as error:
        item, gone = _resolve(request, item_id, typed)
        return gone or _item_response(
            request, item, open_panel="review", error=first_message(error), typed=typed
        )
    item = current_step(user_id=request.user.pk, item_id=item_id)
    return _item_response(
        request, item, announce="Review requested: your mentor sees it in their queue."
    )


@login_required
@require_POST
def item_resource(request, item_id: int):
    """Add a resource of the learner's own (title and link) to a step."""
    typed = {
        "resource_title": request.POST.get("title", ""),
        "resource_url": request.POST.get("url", ""),
    }
    return _add_to_step(
        request,
        item_id,
        typed,
        OwnResourceForm,
        add_own_resource,
        panel="study",
        done="Resource added.",
    )


# What a learner can attach to a step and remove again: the service, its panel, the notice.
_ATTACHMENTS = {
    "evidence": (
        lambda user, pk: remove_evidence(user=user, evidence_id=pk),
        "evidence",
        "Link removed.",
    ),
    "resource": (
        lambda user, pk: remove_own_resource(user=user, resource_id=pk),
        "study",
        "Resource removed.",
    ),
}


@login_required
@require_POST
def attachment_delete(request, kind: str, attachment_id: int):
    """Remove an evidence link or a resource of the learner's own from a step."""
    remove, panel, done = _ATTACHMENTS[kind]
    try:
        item = remove(request.user, attachment_id)
    except StepNotInPlan as gone:
        return _gone_response(request, gone)
    return _item_response(request, item, open_panel=panel, announce=done)
