"""Forms of the learner and mentor pages. They validate; services do the work."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from curriculum.models import LEVEL_NAMES, Role, Skill
from planner.engine import MAX_LEVEL, MAX_WEEKLY_HOURS, MIN_WEEKLY_HOURS
from planner.models import ItemStatus
from planner.services.learners import plan_date_errors


class Form(forms.Form):
    """Labels without Django's trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


HOURS_MESSAGE = f"Weekly hours must be between {MIN_WEEKLY_HOURS} and {MAX_WEEKLY_HOURS}."
LEVEL_MESSAGE = f"Choose a level between 0 (none) and {MAX_LEVEL} ({LEVEL_NAMES[MAX_LEVEL]})."


class RoleChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Role.objects.filter(is_retired=False).order_by("position", "slug"),
            to_field_name="slug",
            error_messages={
                "required": "Choose the role you are aiming for.",
                "invalid_choice": "Unknown role: choose one of the roles listed.",
            },
            **kwargs,
        )


def _hours_field(**kwargs) -> forms.FloatField:
    return forms.FloatField(
        min_value=MIN_WEEKLY_HOURS,
        max_value=MAX_WEEKLY_HOURS,
        error_messages={
            "min_value": HOURS_MESSAGE,
            "max_value": HOURS_MESSAGE,
            "invalid": HOURS_MESSAGE,
            "required": "How many hours a week can you give? " + HOURS_MESSAGE,
        },
        widget=forms.NumberInput(
            attrs={"min": MIN_WEEKLY_HOURS, "max": MAX_WEEKLY_HOURS, "step": "0.5"}
        ),
        **kwargs,
    )


class GoalForm(Form):
    target_role = RoleChoiceField(label="Target role", widget=forms.RadioSelect)
    weekly_hours = _hours_field(
        label="Hours a week", help_text=f"From {MIN_WEEKLY_HOURS} to {MAX_WEEKLY_HOURS}."
    )
    target_date = forms.DateField(
        required=False,
        label="Target date (optional)",
        help_text="When you would like to be ready; we tell you whether your hours get you there.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    include_nice_to_have = forms.BooleanField(
        required=False, label="Also plan the role's nice-to-have skills"
    )

    def clean_target_date(self):
        value = self.cleaned_data.get("target_date")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError("The target date must be in the future.")
        problem = plan_date_errors(start_date=None, target_date=value).get("target_date")
        if problem:
            raise forms.ValidationError(problem)
        return value


def skill_field_name(slug: str) -> str:
    return f"skill-{slug}"


class SkillAssessmentForm(Form):
    """One question per skill: which level's descriptor fits you? Grouped by area."""

    def __init__(self, *args, skills=None, **kwargs):
        super().__init__(*args, **kwargs)
        if skills is None:
            skills = (
                Skill.objects.filter(is_retired=False)
                .select_related("area")
                .prefetch_related("levels")
                .order_by("area__position", "position", "slug")
            )
        self.skills = list(skills)
        for skill in self.skills:
            descriptors = {lv.level: lv.descriptor for lv in skill.levels.all()}
            choices = [(0, f"0 · {LEVEL_NAMES[0]} — I have not worked with this yet.")]
            choices += [
                (level, f"{level} · {LEVEL_NAMES[level]} — {descriptors.get(level, '')}")
                for level in range(1, 6)
            ]
            self.fields[skill_field_name(skill.slug)] = forms.TypedChoiceField(
                label=skill.name,
                choices=choices,
                coerce=int,
                initial=0,
                required=False,
                empty_value=0,
                widget=forms.RadioSelect,
                help_text=skill.description,
                error_messages={"invalid_choice": LEVEL_MESSAGE},
            )

    def levels(self) -> dict[str, int]:
        return {s.slug: self.cleaned_data.get(skill_field_name(s.slug)) or 0 for s in self.skills}

    def areas(
        self, needed: dict[str, int] | None = None, required: dict[str, int] | None = None
    ) -> list[dict]:
        """The bound fields grouped by area, with the level the target role's plan takes
        each skill to (``needed``) and whether the role requires it or it is a prerequisite."""
        needed = needed or {}
        required = required or {}
        groups: dict[int, dict] = {}
        for skill in self.skills:
            group = groups.setdefault(
                skill.area_id, {"area": skill.area, "fields": [], "needed": 0}
            )
            group["fields"].append(
                {
                    "skill": skill,
                    "field": self[skill_field_name(skill.slug)],
                    "needed": needed.get(skill.slug),
                    "required": skill.slug in required,
                }
            )
            group["needed"] += skill.slug in required
        return sorted(groups.values(), key=lambda g: (g["area"].position, g["area"].slug))


class StatusForm(Form):
    status = forms.ChoiceField(choices=ItemStatus.choices)


class NoteForm(Form):
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "A note can be at most 5000 characters."},
    )


class EvidenceForm(Form):
    url = forms.URLField(
        label="Link",
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a full link starting with http:// or https://."},
    )
    note = forms.CharField(label="What it shows (optional)", required=False, max_length=300)


class OwnResourceForm(Form):
    title = forms.CharField(label="Title", max_length=200)
    url = forms.URLField(label="Link", max_length=500, assume_scheme="https")


class InviteMentorForm(Form):
    email = forms.EmailField(label="Your mentor's email address")


class PreviewForm(Form):
    role = RoleChoiceField(label="Role")
    weekly_hours = _hours_field(label="Hours a week", initial=10)
