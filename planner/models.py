"""Learner state and roadmaps: goals, current levels with history, versioned plans."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone

from curriculum.models import Project, Role, Skill
from planner.engine import MAX_LEVEL, MAX_WEEKLY_HOURS, MIN_WEEKLY_HOURS, STAGE_SPANS


class LearnerProfile(models.Model):
    """What a learner aims at and how much time they have."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner"
    )
    target_role = models.ForeignKey(
        Role, on_delete=models.PROTECT, null=True, blank=True, related_name="learners"
    )
    weekly_hours = models.FloatField(
        default=10,
        validators=[MinValueValidator(MIN_WEEKLY_HOURS), MaxValueValidator(MAX_WEEKLY_HOURS)],
    )
    start_date = models.DateField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    include_nice_to_have = models.BooleanField(default=False)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # The generation of the learner's calendar feed URL (signed with it): making a new link
    # moves it on, and every URL handed out before stops working.
    calendar_generation = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} → {self.target_role or 'no target yet'}"


class LevelSource(models.TextChoices):
    """Where a learner's level on a skill comes from; a step's card says it beside the level."""

    SELF = "self", "self-assessed"
    ASSESSMENT = "assessment", "assessment"
    MENTOR = "mentor", "verified by a mentor"


class LearnerSkill(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_levels"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="learner_levels")
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(MAX_LEVEL)])
    source = models.CharField(max_length=10, choices=LevelSource.choices, default=LevelSource.SELF)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "skill__slug"]
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="unique_learner_skill"),
            models.CheckConstraint(
                condition=models.Q(level__lte=MAX_LEVEL), name="learner_level_max_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.skill.name} {self.level} ({self.source})"


class LearnerSkillChange(models.Model):
    """Every change of a learner's level, kept for history and for mentors."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_history"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    previous_level = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=10, choices=LevelSource.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.user}: {self.skill.name} {self.previous_level} → {self.level} ({self.source})"
        )


class ProgressState(models.TextChoices):
    ON_TRACK = "on_track", "on track"
    BEHIND = "behind", "behind"
    AHEAD = "ahead", "ahead"


class RoadmapQuerySet(models.QuerySet):
    """The single way to find a learner's versions and the current (latest) one."""

    def versions(self, user) -> RoadmapQuerySet:
        """The learner's versions, newest first (``user``: a user or a user id)."""
        return self.filter(user=user).order_by("-version")

    def current(self, user) -> Roadmap | None:
        """The learner's current roadmap (its role fetched with it), or None before their first."""
        return self.versions(user).select_related("role").first()

    def current_pk(self, user) -> RoadmapQuerySet:
        """The current roadmap's id as a subquery: ``roadmap=Roadmap.objects.current_pk(u)``."""
        return self.versions(user).values("pk")[:1]


class Roadmap(models.Model):
    """One version of a learner's plan. Versions are never overwritten."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roadmaps"
    )
    version = models.PositiveIntegerField()
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=200)
    curriculum_revision = models.PositiveIntegerField()
    weekly_hours = models.FloatField()
    include_nice_to_have = models.BooleanField(default=False)
    start_date = models.DateField()
    finish_date = models.DateField()
    target_date = models.DateField(null=True, blank=True)
    target_reachable = models.BooleanField(null=True)
    weekly_hours_needed = models.FloatField(null=True)
    # When the target is missed: weeks_short, earliest_date, fits, advice (engine.TargetVerdict).
    target_advice = models.JSONField(default=dict, blank=True)
    # [{key, title, week, date}]: job-ready, proficient and other roles met on the way.
    milestones = models.JSONField(default=list, blank=True)
    total_hours = models.FloatField()
    weeks = models.FloatField()
    message = models.CharField(max_length=300, blank=True)
    # The learner's levels the plan started from, to tell later changes from progress.
    levels = models.JSONField(default=dict, blank=True)
    diff = models.JSONField(default=dict, blank=True)
    # The last reassessment's verdict, shown on dashboards without recomputing.
    state = models.CharField(
        max_length=10, choices=ProgressState.choices, default=ProgressState.ON_TRACK
    )
    state_weeks = models.FloatField(default=0)
    assessed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moves whenever what the roadmap shows changes (items, verdict, verified levels, the
    # curriculum's names), and ``rendered_gzip`` is cleared at the same time: reading a
    # roadmap, the hottest request, is then one row most of the time
    # (planner/api/rendering.py).
    changed_at = models.DateTimeField(default=timezone.now)
    # The roadmap's JSON rendering, gzipped: what almost every client accepts, a fifth of the
    # JSON's size (the write of a first read, and the row every read fetches, are that much
    # smaller); a client that does not accept gzip gets it decompressed.
    rendered_gzip = models.BinaryField(null=True, blank=True, editable=False)

    objects = RoadmapQuerySet.as_manager()

    class Meta:
        ordering = ["user", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="unique_roadmap_version")
        ]

    def __str__(self) -> str:
        return f"{self.user} v{self.version} ({self.role.name})"


class ItemKind(models.TextChoices):
    SKILL = "skill"
    PROJECT = "project"


def item_label(kind: str, name: str, from_level: int | None, to_level: int | None) -> str:
    """How the site, the emails and the API name a step of a plan, everywhere the same:
    "Python: level 1 → 2", or "Project: Titanic survival classifier"."""
    if kind == ItemKind.PROJECT:
        return f"Project: {name}"
    return f"{name}: level {from_level} → {to_level}"


class ItemStatus(models.TextChoices):
    TODO = "todo", "to do"
    IN_PROGRESS = "in_progress", "in progress"
    DONE = "done", "done"
    SKIPPED = "skipped", "skipped"


# The statuses of an item the learner is through with.
FINISHED = (ItemStatus.DONE, ItemStatus.SKIPPED)


# The plan's three stages, as the engine defines them.
STAGE_CHOICES = [(span.key, span.title) for span in STAGE_SPANS]


class RoadmapItem(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=120, help_text="The step's identity across versions.")
    kind = models.CharField(max_length=7, choices=ItemKind.choices)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, null=True, related_name="+")
    from_level = models.PositiveSmallIntegerField(null=True)
    to_level = models.PositiveSmallIntegerField(null=True)
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, related_name="+")
    priority = models.CharField(max_length=4, blank=True)
    hours = models.FloatField()
    start_week = models.FloatField()
    end_week = models.FloatField()
    start_date = models.DateField()
    end_date = models.DateField()
    stage = models.CharField(max_length=4, choices=STAGE_CHOICES)
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=11, choices=ItemStatus.choices, default=ItemStatus.TODO)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["roadmap", "position"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "key"], name="unique_item_key"),
        ]

    def __str__(self) -> str:
        return self.key


class Evidence(models.Model):
    """A link a learner attaches to an item to show the work; a mentor may verify it."""

    item = models.ForeignKey(RoadmapItem, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=500)
    note = models.CharField(max_length=300, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "created_at"]

    def __str__(self) -> str:
        return self.url


class LearnerResource(models.Model):
    """Something a learner studied from for an item (a course, a video…), kept with the plan
    from version to version and shown to their mentors."""

    item = models.ForeignKey(RoadmapItem, on_delete=models.CASCADE, related_name="own_resources")
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500, validators=[URLValidator(schemes=["http", "https"])])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class MentorshipStatus(models.TextChoices):
    INVITED = "invited"
    ACTIVE = "active"
    ENDED = "ended"


class Mentorship(models.Model):
    """A learner's invitation to a mentor, by email; active once the mentor accepts."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentees",
    )
    email = models.EmailField(help_text="Where the invitation was sent.")
    token = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=8, choices=MentorshipStatus.choices, default=MentorshipStatus.INVITED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["mentor", "status"])]

    def __str__(self) -> str:
        return f"{self.learner} ← {self.mentor or self.email} ({self.status})"


# A mentor's verification, or answer to a review request, can be taken back this long after.
REVIEW_UNDO_MINUTES = 10
REVIEW_UNDO_WINDOW = timedelta(minutes=REVIEW_UNDO_MINUTES)


def within_undo_window(done_at, now=None) -> bool:
    """Whether what a mentor did at ``done_at`` (None: not yet) can still be taken back."""
    return done_at is not None and (now or timezone.now()) - done_at <= REVIEW_UNDO_WINDOW


class ReviewKind(models.TextChoices):
    COMMENT = "comment"
    VERIFY_LEVEL = "verify_level", "verified a level"
    VERIFY_EVIDENCE = "verify_evidence", "verified evidence"
    NEEDS_WORK = "needs_work", "asked for more work"


class Review(models.Model):
    """A mentor's comment on an item, or verification of a level or a piece of evidence."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=16, choices=ReviewKind.choices)
    item = models.ForeignKey(
        RoadmapItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    item_key = models.CharField(max_length=120, blank=True)
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence = models.ForeignKey(
        Evidence, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    comment = models.TextField(blank=True)
    # What a verification changed, for undo: the level and its source before.
    undo = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} by {self.mentorship.mentor} for {self.mentorship.learner}"
        )

    @property
    def undo_until(self):
        return self.created_at + REVIEW_UNDO_WINDOW

    def can_undo(self, now=None) -> bool:
        """Whether this verification can still be taken back (a slip of the mouse)."""
        verifies = self.kind in (ReviewKind.VERIFY_LEVEL, ReviewKind.VERIFY_EVIDENCE)
        return verifies and within_undo_window(self.created_at, now)


class ReviewRequestStatus(models.TextChoices):
    OPEN = "open", "waiting for a mentor"
    VERIFIED = "verified"
    NEEDS_WORK = "needs_work", "needs work"
    WITHDRAWN = "withdrawn"


class ReviewRequest(models.Model):
    """A learner asks their mentors to look at one step (and its evidence).

    The step is named by its key, so the request survives new versions of the plan; the
    answer records what it changed (reviews, verified evidence, the level before) so that it
    can be undone for a short while.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_requests"
    )
    item_key = models.CharField(max_length=120)
    label = models.CharField(max_length=200)
    message = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ReviewRequestStatus.choices, default=ReviewRequestStatus.OPEN
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    # What answering changed, for undo: review ids, evidence ids, the level before.
    undo = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["learner", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "item_key"],
                condition=models.Q(status="open"),
                name="one_open_review_request_per_step",
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner}: {self.item_key} ({self.status})"

    def can_undo(self, now=None) -> bool:
        """Whether its answer can still be taken back."""
        answered = self.status in (ReviewRequestStatus.VERIFIED, ReviewRequestStatus.NEEDS_WORK)
        return answered and within_undo_window(self.answered_at, now)


class FellBehind(models.Model):
    """A learner turned behind schedule: news for their mentors' next digest, not an email
    of its own. Recorded once when the learner turns behind, not every day they stay so."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The version the reassessment left: a new one ("behind schedule") when the learner was
    # behind beyond the threshold.
    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    weeks = models.FloatField(help_text="How many weeks behind schedule.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "fell behind"
        indexes = [models.Index(fields=["learner", "created_at"])]

    def __str__(self) -> str:
        return f"{self.learner}: {self.weeks:g} weeks behind"


class MentorDigest(models.Model):
    """One email to a mentor with everything new since the last one (review requests and
    who fell behind, of all their mentees): the unique (mentor, period) row is claimed before
    sending, so a period's digest goes out at most once, and ``created_at`` of the last sent
    one bounds the next."""

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_digests"
    )
    period = models.CharField(max_length=32, help_text="The hour it covers, e.g. 2026-11-29T15.")
    requests = models.PositiveIntegerField(default=0)
    fell_behind = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "period"], name="one_mentor_digest_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} {self.period}"


class ReminderStatus(models.TextChoices):
    PENDING = "pending"  # due, waiting for a batch to claim it
    SENDING = "sending"  # claimed by one batch (claimed_by), handed to the mail server
    SENT = "sent"  # the mail server accepted it
    FAILED = "failed"


class Reminder(models.Model):
    """One weekly progress reminder: the unique (user, period) row makes a second send impossible."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    period = models.CharField(max_length=32, help_text="The due slot, e.g. 2026-W48.")
    status = models.CharField(
        max_length=8, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(
        max_length=64, blank=True, help_text="The batch (task id) sending it, while sending."
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a queued batch is expected to take it; the recovery sweep takes it "
        "a while after that.",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="one_reminder_per_period")
        ]
        indexes = [models.Index(fields=["status", "period"])]

    def __str__(self) -> str:
        return f"{self.user} {self.period} ({self.status})"
