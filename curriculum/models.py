"""The curriculum graph: areas, skills with levels and prerequisites, roles, tasks, projects."""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models

from curriculum.graph import cycle_closed_by, format_cycle
from curriculum.rules import MIN_HOURS, SLUG_MAX_LENGTH, SOURCE_MAX_LENGTH, validate_slug
from planner.engine.curriculum import MAX_LEVEL

LEVEL_NAMES = {
    0: "none",
    1: "novice",
    2: "advanced beginner",
    3: "competent",
    4: "proficient",
    5: "expert",
}
LevelField = models.PositiveSmallIntegerField
level_validators = [MinValueValidator(1), MaxValueValidator(MAX_LEVEL)]


class CurriculumSlugField(models.SlugField):
    """A slug as curriculum files spell it (curriculum.rules), with one message for it."""

    default_validators = [validate_slug]

    def formfield(self, **kwargs):
        # Django's form slug field would allow capitals and underscores, then say so first.
        return models.CharField.formfield(self, **{"form_class": forms.CharField, **kwargs})


class CurriculumRevision(models.Model):
    """A single row whose number moves on every curriculum change; plans record it."""

    name = models.CharField(max_length=200, default="AI careers")
    number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "curriculum"
        verbose_name_plural = "curriculum"

    def __str__(self) -> str:
        return f"{self.name} (revision {self.number})"


class Ordered(models.Model):
    slug = CurriculumSlugField(max_length=SLUG_MAX_LENGTH, unique=True)
    name = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0, help_text="Order in the curriculum file.")
    source = models.CharField(
        max_length=SOURCE_MAX_LENGTH,
        blank=True,
        help_text="Where the entry comes from: a URL or an external id (ESCO, Moodle, …).",
    )

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class Area(Ordered):
    class Meta(Ordered.Meta):
        pass


class Retirable(Ordered):
    # Entries that vanish from a loaded file but are still used by learners' plans are
    # retired instead of deleted, so no learner's history breaks.
    is_retired = models.BooleanField(default=False)

    class Meta(Ordered.Meta):
        abstract = True


class Skill(Retirable):
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="skills")
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(
        null=True, blank=True, help_text="Rank among the skills of its area, from the source."
    )

    class Meta(Retirable.Meta):
        pass


class SkillLevel(models.Model):
    """What a person at this level can do, and the hours from the level below to it."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="levels")
    level = LevelField(validators=level_validators)
    descriptor = models.TextField()
    hours = models.FloatField(validators=[MinValueValidator(MIN_HOURS)])
    # A value filled in from the curriculum's defaults, not written by a curator.
    descriptor_estimated = models.BooleanField("descriptor estimated", default=False)
    hours_estimated = models.BooleanField("hours estimated", default=False)
    practice = models.TextField(
        blank=True, help_text="A concrete exercise whose result shows this level is reached."
    )

    class Meta:
        ordering = ["skill", "level"]
        constraints = [
            models.UniqueConstraint(fields=["skill", "level"], name="unique_skill_level"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=MAX_LEVEL), name="skill_level_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill.name} {self.level}"


def validate_resource_levels(value) -> None:
    if (
        not isinstance(value, list)
        or not value
        or not all(
            isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= MAX_LEVEL for n in value
        )
    ):
        raise ValidationError(
            f"Give the levels it serves as a list of numbers from 1 to {MAX_LEVEL}."
        )


class ResourceKind(models.TextChoices):
    """What a study resource is; the step's study list says it beside the title."""

    COURSE = "course"
    BOOK = "book"
    DOCUMENTATION = "documentation"
    VIDEO = "video"
    ARTICLE = "article"
    INTERACTIVE = "interactive"


class Resource(models.Model):
    """Something to study for some levels of a skill: a course, book, documentation page…"""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500, validators=[URLValidator(schemes=["http", "https"])])
    kind = models.CharField(max_length=13, choices=ResourceKind.choices)
    free = models.BooleanField(default=True)
    hours = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0.1)], help_text="Approximate."
    )
    levels = models.JSONField(
        default=list,
        validators=[validate_resource_levels],
        help_text="The levels it serves, e.g. [1, 2].",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["skill", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Prerequisite(models.Model):
    """Before reaching ``for_level`` of ``skill``, reach ``required_level`` of ``required_skill``."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="prerequisites")
    required_skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="unlocks")
    required_level = LevelField(validators=level_validators)
    for_level = LevelField(default=1, validators=level_validators)

    class Meta:
        ordering = ["skill", "for_level", "required_skill__slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["skill", "required_skill", "for_level"], name="unique_prerequisite"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.required_skill.slug} {self.required_level} before "
            f"{self.skill.slug} {self.for_level}"
        )

    def clean(self) -> None:
        if self.skill_id and self.required_skill_id:
            check_prerequisites_close_no_cycle(
                skill_id=self.skill_id,
                required_skill_ids=[self.required_skill_id],
                ignore_pk=self.pk,
            )


class LifecycleTask(Retirable):
    description = models.TextField(blank=True)

    class Meta(Retirable.Meta):
        verbose_name = "lifecycle task"


class Subtask(models.Model):
    task = models.ForeignKey(LifecycleTask, on_delete=models.CASCADE, related_name="subtasks")
    name = models.CharField(max_length=200)
    examples = models.JSONField(default=list, blank=True)
    skills = models.ManyToManyField(Skill, related_name="subtasks", blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["task", "position"]

    def __str__(self) -> str:
        return self.name


class Role(Retirable):
    description = models.TextField(blank=True)
    titles = models.JSONField(default=list, blank=True, help_text="Job titles companies use.")
    tools = models.JSONField(default=list, blank=True)
    tasks = models.ManyToManyField(LifecycleTask, related_name="roles", blank=True)
    variant_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="variants"
    )

    class Meta(Retirable.Meta):
        pass


class Priority(models.TextChoices):
    CORE = "core", "core"
    NICE = "nice", "nice-to-have"


class Requirement(models.Model):
    """The role needs ``skill`` at ``level`` (its full profile) and at ``entry_level`` to be
    job-ready (what a hiring manager expects of a junior; blank means the same as level)."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="requirements")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="requirements")
    level = LevelField(validators=level_validators)
    entry_level = LevelField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(5)],
        help_text="Level a junior needs to be job-ready; blank: the same as level.",
    )
    priority = models.CharField(max_length=4, choices=Priority.choices, default=Priority.CORE)
    position = models.PositiveIntegerField(default=0)
    alternatives = models.ManyToManyField(
        Skill,
        blank=True,
        related_name="alternative_requirements",
        help_text="Any one of these skills at the level does instead of the skill (any_of).",
    )

    class Meta:
        ordering = ["role", "position"]
        constraints = [
            models.UniqueConstraint(fields=["role", "skill"], name="unique_requirement"),
            models.CheckConstraint(
                condition=models.Q(entry_level__isnull=True)
                | models.Q(entry_level__lte=models.F("level")),
                name="requirement_entry_level_at_most_level",
                violation_error_message="The entry level cannot be above the level.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role.slug}: {self.skill.slug} {self.level} ({self.priority})"


class ProjectLevel(models.TextChoices):
    """How hard a project is, as the seed list grades it."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Project(Retirable):
    level = models.CharField(max_length=12, choices=ProjectLevel.choices)
    hours = models.FloatField(validators=[MinValueValidator(MIN_HOURS)])
    description = models.TextField(blank=True)
    deliverables = models.JSONField(default=list, blank=True)
    dataset_title = models.CharField(max_length=200, blank=True)
    dataset_url = models.URLField(
        max_length=500, blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )

    class Meta(Retirable.Meta):
        pass


class ProjectSkill(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="skill_levels")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="project_levels")
    level = LevelField(validators=level_validators)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["project", "position"]
        # A project exercises a skill at one level: the curriculum file lists it once.
        constraints = [
            models.UniqueConstraint(
                fields=["project", "skill"],
                name="unique_project_skill",
                violation_error_message="A project lists each skill once, at one level.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.skill.slug} {self.level}"


CURRICULUM_MODELS = (
    Area,
    Skill,
    SkillLevel,
    Resource,
    Prerequisite,
    LifecycleTask,
    Subtask,
    Role,
    Requirement,
    Project,
    ProjectSkill,
)


def check_prerequisites_close_no_cycle(
    *,
    skill_id: int,
    required_skill_ids: Iterable[int],
    replace_all: bool = False,
    ignore_pk: int | None = None,
) -> None:
    """Raise ValidationError naming the cycle if these prerequisites of a skill would close one.

    With ``replace_all`` the given prerequisites stand for all of the skill's (an admin
    inline); otherwise they are added to the saved ones, less the row ``ignore_pk``.
    """
    saved = Prerequisite.objects.all()
    if replace_all:
        saved = saved.exclude(skill_id=skill_id)
    elif ignore_pk is not None:
        saved = saved.exclude(pk=ignore_pk)
    required = sorted(set(required_skill_ids))
    unlocks: dict[int, set[int]] = {}
    for source, target in [
        *saved.values_list("required_skill_id", "skill_id"),
        *((r, skill_id) for r in required),
    ]:
        unlocks.setdefault(source, set()).add(target)
    for required_skill_id in required:
        cycle = cycle_closed_by(skill_id, required_skill_id, unlocks)
        if cycle:
            slugs = dict(Skill.objects.filter(pk__in=cycle).values_list("pk", "slug"))
            raise ValidationError(
                "This prerequisite would close a cycle: %(cycle)s",
                code="prerequisite_cycle",
                params={"cycle": format_cycle(slugs[pk] for pk in cycle)},
            )
