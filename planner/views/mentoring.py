"""Mentors: the learner's invitations, accepting one, the mentor dashboard and reviews."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from config.errors import NotFound
from curriculum.models import Skill
from planner.forms import InviteMentorForm
from planner.models import Review, Roadmap
from planner.selectors.mentoring import (
    learner_mentorships,
    mentee_rows,
    review_queue,
    roadmap_page,
)
from planner.services import mentoring, review_requests as requests_service
from planner.services.mentoring import ConfirmationNeeded
from planner.services.steps import StepNotInPlan, current_step, step_label
from planner.timeline import timeline_svg
from planner.views.common import add_service_errors, attempt, first_message, is_htmx
from planner.views.roadmap import gone_fragment, item_fragment


@login_required
@require_http_methods(["GET", "POST"])
def mentors(request):
    """The learner's mentors and invitations; invite someone by email."""
    form = InviteMentorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            mentorship = mentoring.invite_mentor(
                learner=request.user, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {mentorship.email}.")
            return redirect("planner:mentors")
    return render(
        request,
        "planner/mentors.html",
        {"form": form, "mentorships": learner_mentorships(request.user), "nav": "mentors"},
    )


@login_required
@require_POST
def end_mentorship(request, mentorship_id: int):
    ended = mentoring.end_mentorship(learner=request.user, mentorship_id=mentorship_id)
    who = ended.mentor.display_name if ended.mentor else ended.email
    messages.success(request, f"{who} no longer follows your progress.")
    return redirect("planner:mentors")


@require_http_methods(["GET", "POST"])
def accept(request, token: str):
    """The link in the invitation email: a visitor is offered to sign up (or log in) first."""
    invitation = mentoring.invitation(token)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "planner/mentor_accept.html", {"invitation": invitation})
    if request.method == "POST":
        mentorship = attempt(request, mentoring.accept_mentorship, mentor=request.user, token=token)
        if mentorship is not None:
            return _following(request, mentorship)
    return render(
        request,
        "planner/mentor_accept.html",
        {"invitation": invitation, "own": invitation.learner_id == request.user.pk},
    )


@login_required
def mentees(request):
    """The mentor dashboard: each mentee's progress, on-track verdict, activity, evidence."""
    waiting, _ = review_queue(request.user)
    return render(
        request,
        "planner/mentees.html",
        {
            "rows": mentee_rows(request.user),
            "invitations": mentoring.invitations_for(request.user),
            "waiting": len(waiting),
            "nav": "mentees",
        },
    )


@login_required
@require_POST
def accept_invitation(request, mentorship_id: int):
    """Accept an invitation addressed to the mentor's own email, from the mentees page."""
    mentorship = attempt(
        request, mentoring.accept_mentorship, mentor=request.user, mentorship_id=mentorship_id
    )
    if mentorship is None:
        return redirect("planner:mentees")
    return _following(request, mentorship)


def _following(request, mentorship):
    """After accepting: the mentee's page."""
    messages.success(request, f"You now follow {mentorship.learner.display_name}'s progress.")
    return redirect("planner:mentee", learner_id=mentorship.learner_id)


@login_required
@require_POST
def end_as_mentor(request, learner_id: int):
    """The mentor stops following a learner."""
    ended = mentoring.mentor_ends_mentorship(mentor=request.user, learner_id=learner_id)
    messages.success(request, f"You no longer follow {ended.learner.display_name}.")
    return redirect("planner:mentees")


@login_required
def queue(request):
    """Every step the mentor's mentees asked them to review, oldest first, with the answers
    of the last hours (undoable for a few minutes)."""
    waiting, answered = review_queue(request.user)
    return render(
        request,
        "planner/review_queue.html",
        {
            "waiting": waiting,
            "answered": answered,
            "undo_minutes": requests_service.UNDO_MINUTES,
            "nav": "reviews",
        },
    )


@login_required
@require_POST
def answer(request, request_id: int):
    """Verified or needs work, with a comment; a "to do" step's verification asks first."""
    verdict = request.POST.get("verdict", "")
    try:
        answered = requests_service.answer_review_request(
            mentor=request.user,
            request_id=request_id,
            verdict=verdict,
            comment=request.POST.get("comment", ""),
            confirmed=bool(request.POST.get("confirm")),
        )
    except ConfirmationNeeded as ask:
        messages.warning(
            request,
            f"{step_label(ask.item)} is still to do: verifying it changes the learner's plan. "
            "Tick “Yes, verify a step not started” and answer again.",
        )
        return redirect(
            reverse("planner:review-queue") + f"?confirm={request_id}#request-{request_id}"
        )
    except ValidationError as error:
        messages.error(request, first_message(error))
        return redirect(reverse("planner:review-queue") + f"#request-{request_id}")
    word = "verified" if answered.status == "verified" else "marked as needing work"
    messages.success(
        request,
        f"{answered.label} {word}; {answered.learner.display_name} sees it on their roadmap. "
        f"You can undo this for {requests_service.UNDO_MINUTES} minutes.",
    )
    return redirect("planner:review-queue")


@login_required
@require_POST
def undo(request, request_id: int):
    undone = attempt(
        request, requests_service.undo_answer, mentor=request.user, request_id=request_id
    )
    if undone is not None:
        messages.success(request, f"Answer on {undone.label} undone: it waits in the queue again.")
    return redirect("planner:review-queue")


def _mentee(request, learner_id: int):
    """(learner, mentorship): the mentor's active mentee, or any learner for staff."""
    try:
        mentorship = mentoring.active_mentorship(mentor=request.user, learner_id=learner_id)
        return mentorship.learner, mentorship
    except NotFound:
        if not request.user.is_staff:
            raise
    return get_object_or_404(User, pk=learner_id), None


@login_required
def mentee(request, learner_id: int):
    """A mentee's roadmap, read-only, with review controls for their mentor."""
    learner, mentorship = _mentee(request, learner_id)
    roadmap = Roadmap.objects.current(learner)
    page = roadmap_page(roadmap) if roadmap else None
    skills = Skill.objects.filter(is_retired=False).order_by("name").only("slug", "name")
    return render(
        request,
        "planner/mentee.html",
        {
            "learner": learner,
            "mentorship": mentorship,
            "roadmap": roadmap,
            "page": page,
            "view": page.view if page else None,
            "timeline": timeline_svg(page.view, timezone.localdate()) if page else None,
            "mode": "mentor" if mentorship else "readonly",
            "skills": skills,
            "level_choices": range(6),
            "nav": "mentees",
        },
    )


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return value


@login_required
@require_POST
def review(request, learner_id: int):
    """Comment on an item, verify a level or verify evidence; the item's card again for HTMX,
    else back to the mentee's page. A page older than the learner's plan still works: the
    review goes to the same step in the current version, or the card says the step left it."""
    item_id = _int_or_none(request.POST.get("item"))
    typed = {"comment": request.POST.get("comment", "")}
    try:
        review = mentoring.add_review(
            mentor=request.user,
            learner_id=learner_id,
            kind=request.POST.get("kind", ""),
            item_id=item_id,
            comment=request.POST.get("comment", ""),
            skill=request.POST.get("skill") or None,
            level=_int_or_none(request.POST.get("level")),
            evidence_id=_int_or_none(request.POST.get("evidence")),
            confirmed=bool(request.POST.get("confirm")),
        )
    except ConfirmationNeeded as ask:
        learner, _ = _mentee(request, learner_id)
        roadmap = Roadmap.objects.current(learner)
        if is_htmx(request) and roadmap is not None:
            return item_fragment(
                request,
                roadmap,
                ask.item.pk,
                mode="mentor",
                learner=learner,
                confirm_verify=True,
                announce="Confirm first: this step is still to do.",
            )
        messages.warning(
            request,
            f"{learner.display_name} has not started {step_label(ask.item)}: "
            "press Verify again on the step to confirm.",
        )
        return redirect(reverse("planner:mentee", args=[learner_id]) + f"#item-{ask.item.pk}")
    except StepNotInPlan as gone:
        back = reverse("planner:mentee", args=[learner_id])
        if is_htmx(request):
            return gone_fragment(request, gone, typed=typed, back_url=back)
        messages.warning(
            request, f"The plan was updated and no longer has {step_label(gone.item)}."
        )
        return redirect(back)
    except ValidationError as error:
        outcome, failed, shown_id, notice = first_message(error), True, item_id, ""
    else:
        outcome, failed = "Review saved; your mentee sees it on their roadmap.", False
        if review.can_undo():
            outcome += f" You can undo it for {requests_service.UNDO_MINUTES} minutes."
        shown_id = review.item_id if review.item_id else item_id
        notice = ""
        if review.item is not None and getattr(review.item, "stale_id", None):
            notice = (
                "The plan was updated while this page was open: this is the step's current "
                "card, and your review was saved on it."
            )
    if is_htmx(request) and isinstance(shown_id, int):
        learner, _ = _mentee(request, learner_id)
        roadmap = Roadmap.objects.current(learner)
        if roadmap is not None:
            try:
                return item_fragment(
                    request,
                    roadmap,
                    shown_id,
                    mode="mentor",
                    learner=learner,
                    announce=" ".join(filter(None, [notice, outcome])),
                    notice=notice,
                    error=outcome if failed else "",
                    typed=typed if failed else {},
                    open_panel="comment" if failed and typed["comment"] else "",
                )
            except Http404:
                pass
    (messages.error if failed else messages.success)(request, outcome)
    anchor = f"#item-{shown_id}" if isinstance(shown_id, int) else ""
    return redirect(reverse("planner:mentee", args=[learner_id]) + anchor)


@login_required
@require_POST
def review_undo(request, learner_id: int, review_id: int):
    """Take back a verification made on the mentee's page, within the undo window; the
    step's current card again for HTMX, else back to the mentee's page."""
    mentoring.active_mentorship(mentor=request.user, learner_id=learner_id)
    back = reverse("planner:mentee", args=[learner_id])
    try:
        undone = requests_service.undo_review(
            mentor=request.user, review_id=review_id, learner_id=learner_id
        )
    except ValidationError as error:
        outcome, failed, item_id = first_message(error), True, _review_item(review_id)
    else:
        outcome, failed, item_id = "Verification undone.", False, undone.item_id
    if is_htmx(request) and item_id is not None:
        learner, _ = _mentee(request, learner_id)
        try:
            item = current_step(user_id=learner_id, item_id=item_id)
        except StepNotInPlan as gone:
            return gone_fragment(request, gone, back_url=back)
        return item_fragment(
            request,
            Roadmap.objects.current(learner),
            item.pk,
            mode="mentor",
            learner=learner,
            announce=outcome,
            error=outcome if failed else "",
            undone=not failed,
        )
    (messages.error if failed else messages.success)(request, outcome)
    return redirect(back + (f"#item-{item_id}" if item_id else ""))


def _review_item(review_id: int) -> int | None:
    return Review.objects.filter(pk=review_id).values_list("item_id", flat=True).first()
