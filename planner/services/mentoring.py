"""Mentorships: a learner invites a mentor, the mentor accepts, reviews, and the learner ends it.

Every lookup here is scoped in the query: a mentor reaches a learner only through an active
mentorship, a learner only their own mentorships. Anything else raises ``NotFound``.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from config.errors import NotFound
from curriculum.models import Skill
from outbox.services import queue_email
from planner import emails, engine
from planner.models import (
    Evidence,
    ItemStatus,
    LearnerSkill,
    LevelSource,
    Mentorship,
    MentorshipStatus,
    Review,
    ReviewKind,
    Roadmap,
    RoadmapItem,
)
from planner.services.learners import set_skill_levels
from planner.services.steps import current_step, step_label


class ConfirmationNeeded(ValidationError):
    """Verifying this step's level needs a second, deliberate click: it was still to do.

    Pages catch it to ask; elsewhere (the API) it is bad input naming ``confirm``."""

    def __init__(self, *, item: RoadmapItem) -> None:
        self.item = item
        super().__init__(
            {
                "confirm": f"{step_label(item)} is still to do: verifying it changes the "
                "learner's plan. Confirm to verify it anyway."
            }
        )


# Invitations are emails to addresses a learner chooses: bounded so that Waymark cannot be
# used to send mail to strangers in bulk, nor to bother one address over and over.
INVITATIONS_PER_LEARNER_PER_DAY = 10
INVITATIONS_PER_ADDRESS_PER_DAY = 3


def _check_invitation_limits(*, learner: User, email: str) -> None:
    since = timezone.now() - timedelta(days=1)
    recent = Mentorship.objects.filter(created_at__gte=since)
    if recent.filter(learner=learner).count() >= INVITATIONS_PER_LEARNER_PER_DAY:
        raise ValidationError(
            {
                "email": f"You can send at most {INVITATIONS_PER_LEARNER_PER_DAY} invitations "
                "a day. Try again tomorrow."
            }
        )
    if recent.filter(email__iexact=email).count() >= INVITATIONS_PER_ADDRESS_PER_DAY:
        raise ValidationError(
            {"email": "This address has received enough invitations today. Try again tomorrow."}
        )


def accept_url(mentorship: Mentorship) -> str:
    return emails.site_url("planner:mentor-accept", mentorship.token)


def _queue_invitation(mentorship: Mentorship) -> None:
    """The invitation email, into the outbox in the invitation's own transaction."""
    context = {
        "learner": mentorship.learner,
        "accept_url": accept_url(mentorship),
        "site_url": emails.site_url("planner:home"),
    }
    queue_email(
        key=f"mentor_invitation:{mentorship.pk}",
        to=mentorship.email,
        subject=f"{mentorship.learner.display_name} invites you to mentor them on Waymark",
        text=render_to_string("planner/email/mentor_invitation.txt", context),
        html=render_to_string("planner/email/mentor_invitation.html", context),
    )


@transaction.atomic
def invite_mentor(*, learner: User, email: str) -> Mentorship:
    """Invite someone by email to follow the learner's progress; the email carries the link.

    An open invitation or active mentorship with the same address is not duplicated.
    """
    email = User.objects.normalize_email(email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": "Enter a valid email address."}) from error
    if email == learner.email.lower():
        raise ValidationError({"email": "You cannot be your own mentor."})
    open_ = Mentorship.objects.filter(
        learner=learner,
        status__in=[MentorshipStatus.INVITED, MentorshipStatus.ACTIVE],
    )
    if (
        open_.filter(email__iexact=email).exists()
        or open_.filter(mentor__email__iexact=email).exists()
    ):
        raise ValidationError({"email": "You have already invited this person."})
    # Serialised per learner, so two requests at once cannot both pass the daily limit.
    User.objects.select_for_update().filter(pk=learner.pk).first()
    _check_invitation_limits(learner=learner, email=email)
    mentorship = Mentorship(learner=learner, email=email, token=secrets.token_urlsafe(32))
    mentorship.full_clean(exclude=["mentor"])
    mentorship.save()
    _queue_invitation(mentorship)
    return mentorship


def invitation(token: str) -> Mentorship:
    """The open invitation a link points to; 404 when it was used, ended or never existed."""
    try:
        return Mentorship.objects.select_related("learner").get(
            token=token, status=MentorshipStatus.INVITED
        )
    except Mentorship.DoesNotExist:
        raise NotFound("This invitation is not open any more.") from None


@transaction.atomic
def accept_mentorship(
    *, mentor: User, token: str | None = None, mentorship_id: int | None = None
) -> Mentorship:
    """The mentor accepts an invitation.

    With ``token`` (the link in the email) whoever holds the link may accept, whatever
    address they signed up with; by ``mentorship_id`` only the invited address may.
    """
    invitations = Mentorship.objects.select_for_update().filter(status=MentorshipStatus.INVITED)
    if token is not None:
        invitations = invitations.filter(token=token)
    elif mentorship_id is not None:
        invitations = invitations.filter(pk=mentorship_id, email__iexact=mentor.email)
    else:
        raise NotFound
    mentorship = invitations.first()
    if mentorship is None:
        raise NotFound("This invitation is not open any more.")
    if mentorship.learner_id == mentor.pk:
        raise ValidationError({"mentor": "You cannot be your own mentor."})
    if Mentorship.objects.filter(
        learner_id=mentorship.learner_id, mentor=mentor, status=MentorshipStatus.ACTIVE
    ).exists():
        raise ValidationError({"mentor": "You already mentor this learner."})
    mentorship.mentor = mentor
    mentorship.status = MentorshipStatus.ACTIVE
    mentorship.accepted_at = timezone.now()
    mentorship.save(update_fields=["mentor", "status", "accepted_at"])
    return mentorship


@transaction.atomic
def end_mentorship(*, learner: User, mentorship_id: int) -> Mentorship:
    """The learner ends a mentorship or withdraws an invitation; the mentor then sees nothing."""
    try:
        mentorship = Mentorship.objects.select_for_update().get(
            pk=mentorship_id,
            learner=learner,
            status__in=[MentorshipStatus.INVITED, MentorshipStatus.ACTIVE],
        )
    except Mentorship.DoesNotExist:
        raise NotFound from None
    mentorship.status = MentorshipStatus.ENDED
    mentorship.ended_at = timezone.now()
    mentorship.save(update_fields=["status", "ended_at"])
    return mentorship


@transaction.atomic
def mentor_ends_mentorship(*, mentor: User, learner_id: int) -> Mentorship:
    """The mentor stops following a learner; the learner sees it ended on their page."""
    try:
        mentorship = Mentorship.objects.select_for_update().get(
            mentor=mentor, learner_id=learner_id, status=MentorshipStatus.ACTIVE
        )
    except (Mentorship.DoesNotExist, ValueError):
        raise NotFound from None
    mentorship.status = MentorshipStatus.ENDED
    mentorship.ended_at = timezone.now()
    mentorship.save(update_fields=["status", "ended_at"])
    return mentorship


def invitations_for(user: User):
    """Open invitations addressed to this person's email: what a mentor can still accept."""
    return (
        Mentorship.objects.filter(email__iexact=user.email, status=MentorshipStatus.INVITED)
        .exclude(learner=user)
        .select_related("learner")
        .order_by("-created_at")
    )


def active_mentorship(*, mentor: User, learner_id: int) -> Mentorship:
    """The mentor's active mentorship of this learner; 404 otherwise."""
    try:
        return Mentorship.objects.select_related("learner").get(
            mentor=mentor, learner_id=learner_id, status=MentorshipStatus.ACTIVE
        )
    except (Mentorship.DoesNotExist, ValueError):
        raise NotFound from None


def _current_item(learner_id: int, item_id) -> RoadmapItem:
    """The step in the learner's current version (the mentor's page may be older)."""
    try:
        return current_step(user_id=learner_id, item_id=item_id)
    except NotFound:
        raise ValidationError({"item": "No such item in this learner's current roadmap."}) from None


@transaction.atomic
def add_review(
    *,
    mentor: User,
    learner_id: int,
    kind: str,
    item_id: int | None = None,
    comment: str = "",
    skill: str | None = None,
    level: int | None = None,
    evidence_id: int | None = None,
    confirmed: bool = True,
) -> Review:
    """A mentor comments on an item, verifies a skill level, or verifies a piece of evidence.

    Verifying a level sets the learner's level with source "mentor" (history keeps who did
    it); a skipped step then counts as done once the verified level reaches the step's.
    Verifying the level of a step the learner has not started replans their roadmap: unless
    ``confirmed``, that raises ``ConfirmationNeeded`` so a page can ask first.
    """
    mentorship = active_mentorship(mentor=mentor, learner_id=learner_id)
    learner = mentorship.learner
    comment = (comment or "").strip()
    review = Review(mentorship=mentorship, kind=kind, comment=comment)
    item = _current_item(learner.pk, item_id) if item_id not in (None, "") else None
    if item is not None:
        review.item, review.item_key = item, item.key

    if kind == ReviewKind.COMMENT:
        if not comment:
            raise ValidationError({"comment": "Write a comment."})
    elif kind == ReviewKind.NEEDS_WORK:
        if not comment:
            raise ValidationError({"comment": "Say what needs more work."})
        if item is None:
            raise ValidationError({"item": "Choose the step that needs more work."})
    elif kind == ReviewKind.VERIFY_LEVEL:
        if not confirmed and item is not None and item.status == ItemStatus.TODO:
            raise ConfirmationNeeded(item=item)
        if skill is None and item is not None and item.skill_id:
            skill, level = item.skill.slug, item.to_level if level is None else level
        skill_row = Skill.objects.filter(slug=skill or "", is_retired=False).first()
        if skill_row is None:
            raise ValidationError({"skill": f"Unknown skill '{skill}'."})
        if not engine.is_level(level):
            raise ValidationError({"level": f"Choose a level between 0 and {engine.MAX_LEVEL}."})
        before = LearnerSkill.objects.filter(user=learner, skill=skill_row).first()
        review.undo = {
            "level": {
                "skill": skill_row.slug,
                "level": before.level if before else 0,
                "source": before.source if before else LevelSource.SELF,
            }
        }
        set_skill_levels(
            user=learner,
            levels={skill_row.slug: level},
            source=LevelSource.MENTOR,
            changed_by=mentor,
        )
        review.skill, review.level = skill_row, level
    elif kind == ReviewKind.VERIFY_EVIDENCE:
        current = Roadmap.objects.current_pk(learner)
        try:
            evidence = Evidence.objects.select_for_update().get(
                pk=evidence_id, item__roadmap=current
            )
        except (Evidence.DoesNotExist, ValueError, TypeError):
            raise ValidationError(
                {"evidence": "No such evidence on this learner's roadmap."}
            ) from None
        evidence.verified_by = mentor
        evidence.verified_at = timezone.now()
        evidence.save(update_fields=["verified_by", "verified_at"])
        review.evidence = evidence
        if review.item is None:
            review.item, review.item_key = evidence.item, evidence.item.key
    else:
        raise ValidationError({"kind": f"'{kind}' is not one of {', '.join(ReviewKind.values)}."})
    review.full_clean(exclude=["mentorship", "item", "skill", "evidence"])
    review.save()
    return review
