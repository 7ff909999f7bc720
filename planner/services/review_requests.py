"""Review requests: a learner asks their mentors to look at a step; a mentor answers
"verified" or "needs work" with a comment, and may undo the answer for a short while, as
they may undo a verification made straight on a mentee's roadmap page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from config.errors import NotFound
from planner import models
from planner.services.evidence import add_evidence
from planner.services.learners import set_skill_levels, touch_activity
from planner.services.mentoring import add_review
from planner.services.steps import current_step, step_label

# An answer can be taken back this long after it was given (a slip of the mouse).
UNDO_WINDOW = models.REVIEW_UNDO_WINDOW
UNDO_MINUTES = models.REVIEW_UNDO_MINUTES
VERDICTS = (models.ReviewRequestStatus.VERIFIED, models.ReviewRequestStatus.NEEDS_WORK)


def _attach_evidence(*, learner: User, item: models.RoadmapItem, url: str, note: str) -> None:
    """The link the learner sends with a request, on the step (once: the same link twice is
    one); its errors name the request's fields, ``evidence_url`` and ``evidence_note``."""
    url = (url or "").strip()
    if models.Evidence.objects.filter(item=item, url=url).exists():
        return
    try:
        add_evidence(user=learner, item_id=item.pk, url=url, note=note)
    except ValidationError as error:
        raise ValidationError(
            {f"evidence_{field}": problems for field, problems in error.message_dict.items()}
        ) from error


@transaction.atomic
def request_review(
    *,
    learner: User,
    item_id: int,
    message: str = "",
    evidence_url: str = "",
    evidence_note: str = "",
) -> models.ReviewRequest:
    """Ask the learner's mentors to review the step ``item_id`` stands for (any version),
    optionally with a link to the work (added to the step's evidence).

    One open request per step: asking again updates its message.
    """
    item = current_step(user_id=learner.pk, item_id=item_id)
    if not models.Mentorship.objects.filter(
        learner=learner, status=models.MentorshipStatus.ACTIVE
    ).exists():
        raise ValidationError({"item": "Invite a mentor first: nobody could answer yet."})
    message = (message or "").strip()
    if len(message) > 2000:
        raise ValidationError({"message": "A message can be at most 2000 characters."})
    if evidence_url or evidence_note:
        _attach_evidence(learner=learner, item=item, url=evidence_url, note=evidence_note)
    existing = (
        models.ReviewRequest.objects.select_for_update()
        .filter(learner=learner, item_key=item.key, status=models.ReviewRequestStatus.OPEN)
        .first()
    )
    if existing is not None:
        if message and message != existing.message:
            existing.message = message
            existing.save(update_fields=["message"])
        return existing
    try:
        with transaction.atomic():
            request = models.ReviewRequest.objects.create(
                learner=learner, item_key=item.key, label=step_label(item), message=message
            )
    except IntegrityError:  # the same request from another tab, a moment earlier
        return models.ReviewRequest.objects.get(
            learner=learner, item_key=item.key, status=models.ReviewRequestStatus.OPEN
        )
    touch_activity(learner)
    return request


@transaction.atomic
def withdraw_review_request(*, learner: User, request_id: int) -> models.ReviewRequest:
    """The learner takes back a request nobody has answered yet; it leaves their mentors'
    queue. ``NotFound`` when it is not theirs."""
    try:
        request = models.ReviewRequest.objects.select_for_update().get(
            pk=request_id, learner=learner
        )
    except (models.ReviewRequest.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
    if request.status != models.ReviewRequestStatus.OPEN:
        raise ValidationError({"request": "Only a request waiting for a mentor can be withdrawn."})
    request.status = models.ReviewRequestStatus.WITHDRAWN
    request.save(update_fields=["status"])
    return request


def _mentors_request(mentor: User, request_id) -> models.ReviewRequest:
    learners = models.Mentorship.objects.filter(
        mentor=mentor, status=models.MentorshipStatus.ACTIVE
    ).values("learner_id")
    try:
        return (
            models.ReviewRequest.objects.select_for_update()
            .select_related("learner")
            .get(pk=request_id, learner_id__in=learners)
        )
    except (models.ReviewRequest.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def _current_item(request: models.ReviewRequest) -> models.RoadmapItem:
    current = (
        models.Roadmap.objects.filter(user=request.learner).order_by("-version").values("pk")[:1]
    )
    item = (
        models.RoadmapItem.objects.select_related("skill", "project")
        .filter(roadmap=current, key=request.item_key)
        .first()
    )
    if item is None:
        raise ValidationError({"item": f"{request.label} is no longer in the learner's plan."})
    return item


@transaction.atomic
def answer_review_request(
    *, mentor: User, request_id: int, verdict: str, comment: str = "", confirmed: bool = True
) -> models.ReviewRequest:
    """Answer a request: "verified" verifies the step's level (a skill step) and the step's
    links; "needs work" leaves a comment the learner sees on the step. Either can be undone
    for ``UNDO_WINDOW``."""
    request = _mentors_request(mentor, request_id)
    if request.status != models.ReviewRequestStatus.OPEN:
        raise ValidationError({"request": "This request was already answered."})
    if verdict not in VERDICTS:
        raise ValidationError({"verdict": "Answer verified or needs work."})
    comment = (comment or "").strip()
    item = _current_item(request)
    learner_id = request.learner_id
    undo: dict = {"reviews": [], "evidence": []}

    def review(**fields) -> None:
        """Add the mentor's review of this learner, kept in ``undo`` to be taken back."""
        undo["reviews"].append(add_review(mentor=mentor, learner_id=learner_id, **fields).pk)

    if verdict == models.ReviewRequestStatus.NEEDS_WORK:
        review(kind=models.ReviewKind.NEEDS_WORK, item_id=item.pk, comment=comment)
    else:
        if item.kind == models.ItemKind.SKILL:
            before = models.LearnerSkill.objects.filter(
                user_id=learner_id, skill=item.skill
            ).first()
            undo["level"] = {
                "skill": item.skill.slug,
                "level": before.level if before else 0,
                "source": before.source if before else models.LevelSource.SELF,
            }
            review(
                kind=models.ReviewKind.VERIFY_LEVEL,
                item_id=item.pk,
                comment=comment,
                confirmed=confirmed,
            )
        for evidence in models.Evidence.objects.filter(item=item, verified_at__isnull=True):
            review(kind=models.ReviewKind.VERIFY_EVIDENCE, evidence_id=evidence.pk)
            undo["evidence"].append(evidence.pk)
        if not undo["reviews"]:
            review(
                kind=models.ReviewKind.COMMENT,
                item_id=item.pk,
                comment=comment or "Verified: well done.",
            )
    request.status = verdict
    request.answered_by = mentor
    request.answered_at = timezone.now()
    request.comment = comment
    request.undo = undo
    request.save(update_fields=["status", "answered_by", "answered_at", "comment", "undo"])
    return request


def _restore_level(*, learner: User, level: dict | None, mentor: User) -> None:
    """The learner's level on a skill back to what it was before a mentor verified it."""
    if level:
        set_skill_levels(
            user=learner,
            levels={level["skill"]: level["level"]},
            source=level["source"],
            changed_by=mentor,
        )


@transaction.atomic
def undo_review(
    *, mentor: User, review_id: int, learner_id: int | None = None, now=None
) -> models.Review:
    """Take back a verification the mentor made on a mentee's roadmap page (a level, or a
    link) within ``UNDO_WINDOW``, as an answer to a review request is taken back: the level
    or the link goes back to what it was and the review goes. A verification given as the
    answer to a review request undoes that whole answer (the request waits again).

    Returns the review as it was (deleted). ``NotFound`` for a review that is not this
    mentor's on an active mentee (``learner_id``, when given).
    """
    reviews = models.Review.objects.filter(
        mentorship__mentor=mentor, mentorship__status=models.MentorshipStatus.ACTIVE
    )
    if learner_id is not None:
        reviews = reviews.filter(mentorship__learner_id=learner_id)
    try:
        review = (
            reviews.select_for_update(of=("self",))
            .select_related("mentorship__learner")
            .get(pk=review_id)
        )
    except (models.Review.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
    if review.kind not in (models.ReviewKind.VERIFY_LEVEL, models.ReviewKind.VERIFY_EVIDENCE):
        raise ValidationError({"review": "Only a verification can be undone."})
    now = now or timezone.now()
    if now - review.created_at > UNDO_WINDOW:
        raise ValidationError({"review": "Too late to undo: add a new review on the step instead."})
    learner = review.mentorship.learner
    answered = models.ReviewRequest.objects.filter(
        learner=learner, answered_by=mentor, item_key=review.item_key, status__in=VERDICTS
    )
    for request in answered:
        if review.pk in (request.undo or {}).get("reviews", []):
            undo_answer(mentor=mentor, request_id=request.pk, now=now)
            return review
    if review.kind == models.ReviewKind.VERIFY_EVIDENCE:
        models.Evidence.objects.filter(pk=review.evidence_id, verified_by=mentor).update(
            verified_by=None, verified_at=None
        )
    else:
        _restore_level(learner=learner, level=(review.undo or {}).get("level"), mentor=mentor)
    models.Review.objects.filter(pk=review.pk).delete()
    return review


@transaction.atomic
def undo_answer(*, mentor: User, request_id: int, now=None) -> models.ReviewRequest:
    """Take an answer back within ``UNDO_WINDOW``: its reviews go, verified links and the
    level go back to what they were, and the request is open again."""
    request = _mentors_request(mentor, request_id)
    if request.status not in VERDICTS or request.answered_by_id != mentor.pk:
        raise ValidationError({"request": "There is no answer of yours to undo."})
    now = now or timezone.now()
    if now - request.answered_at > UNDO_WINDOW:
        raise ValidationError(
            {"request": "Too late to undo: add a new review on the step instead."}
        )
    undo = request.undo or {}
    models.Review.objects.filter(pk__in=undo.get("reviews", []), mentorship__mentor=mentor).delete()
    models.Evidence.objects.filter(pk__in=undo.get("evidence", []), verified_by=mentor).update(
        verified_by=None, verified_at=None
    )
    _restore_level(learner=request.learner, level=undo.get("level"), mentor=mentor)
    request.status = models.ReviewRequestStatus.OPEN
    request.answered_by = None
    request.answered_at = None
    request.comment = ""
    request.undo = {}
    request.save(update_fields=["status", "answered_by", "answered_at", "comment", "undo"])
    return request
