import functools

from rest_framework import serializers

from config.api import InputSerializer
from curriculum.models import Role
from planner.engine import MAX_LEVEL, MAX_WEEKLY_HOURS, MIN_WEEKLY_HOURS
from planner.models import ItemStatus, LevelSource, Roadmap


class TargetSerializer(serializers.Serializer):
    date = serializers.DateField()
    reachable = serializers.BooleanField()
    weekly_hours_needed = serializers.FloatField(
        allow_null=True, help_text="Null when no realistic weekly effort (up to 80 h) is enough."
    )
    weeks_short = serializers.FloatField(help_text="Weeks past the target at the current hours.")
    earliest_date = serializers.DateField(allow_null=True)
    fits = serializers.ChoiceField(
        choices=["everything", "job-ready", "nothing"],
        help_text="What is done by the target date at the current hours.",
    )
    advice = serializers.CharField()


class MilestoneSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="job-ready, proficient or role:<slug>.")
    title = serializers.CharField()
    week = serializers.FloatField()
    date = serializers.DateField()


class StatusSerializer(serializers.Serializer):
    state = serializers.CharField()
    weeks = serializers.FloatField()
    progress = serializers.FloatField()


class StudyLinkSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField()
    kind = serializers.CharField()
    free = serializers.BooleanField()
    hours = serializers.FloatField(allow_null=True)


class StepStudySerializer(serializers.Serializer):
    """What to study for a step: for a skill step the target level's descriptor, practice task
    and resources (free first); for a project its deliverables and a suggested dataset."""

    level = serializers.IntegerField(allow_null=True)
    descriptor = serializers.CharField()
    practice = serializers.CharField()
    resources = StudyLinkSerializer(many=True)
    deliverables = serializers.ListField(child=serializers.CharField())
    dataset = StudyLinkSerializer(allow_null=True)


class OwnResourceSerializer(serializers.Serializer):
    """A resource the learner added to an item."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=200)
    url = serializers.URLField(max_length=500)


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="Null in a preview.")
    key = serializers.CharField(
        help_text="The step's name across versions: skill:<slug>:<level> or project:<slug>."
    )
    kind = serializers.CharField(help_text="skill or project.")
    skill = serializers.CharField(allow_null=True)
    from_level = serializers.IntegerField(allow_null=True)
    to_level = serializers.IntegerField(allow_null=True)
    project = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    priority = serializers.CharField(help_text="core or nice (nice-to-have); empty for a project.")
    hours = serializers.FloatField()
    start_week = serializers.FloatField(help_text="Weeks after the plan's start date.")
    end_week = serializers.FloatField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    status = serializers.CharField(help_text="todo, in_progress, done or skipped.")
    note = serializers.CharField(help_text="The learner's own note; only they read it.")
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="Why the step is in the plan, and why then."
    )
    study = StepStudySerializer(allow_null=True)
    own_resources = OwnResourceSerializer(many=True)


class MentorItemSerializer(ItemSerializer):
    """An item as the learner's mentor sees it: without the learner's private note."""

    note = None


# What only the learner may read of their own items.
PRIVATE_ITEM_FIELDS = frozenset({"note"})


class StageSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    start_week = serializers.IntegerField()
    end_week = serializers.IntegerField(allow_null=True)
    hours = serializers.FloatField()
    progress = serializers.FloatField()
    items = ItemSerializer(many=True)


class MentorStageSerializer(StageSerializer):
    items = MentorItemSerializer(many=True)


class RoadmapSerializer(serializers.Serializer):
    """The roadmap shape of docs/planner.md, for stored versions and previews alike.

    It documents the shape (OpenAPI); responses are built by ``roadmap_data`` below, which
    gives the same fields several times faster. The schemathesis tests check the two agree.
    """

    version = serializers.IntegerField(source="roadmap.version", allow_null=True, default=None)
    role = serializers.CharField()
    role_name = serializers.CharField()
    reason = serializers.CharField(source="roadmap.reason", default="preview")
    curriculum_revision = serializers.IntegerField(
        source="roadmap.curriculum_revision",
        default=None,
        allow_null=True,
        help_text="The curriculum revision the version was built from; null for a preview.",
    )
    weekly_hours = serializers.FloatField()
    start_date = serializers.DateField()
    finish_date = serializers.DateField(help_text="When the last step ends.")
    total_hours = serializers.FloatField()
    weeks = serializers.FloatField(help_text="From the start date to the finish.")
    message = serializers.CharField(help_text="Empty, or what the learner should know first.")
    target = TargetSerializer(allow_null=True, help_text="Null without a target date.")
    milestones = MilestoneSerializer(many=True)
    status = serializers.SerializerMethodField()
    stages = StageSerializer(many=True)

    def get_status(self, view) -> StatusSerializer:
        roadmap = view.roadmap
        state = roadmap.state if roadmap else "on_track"
        weeks = roadmap.state_weeks if roadmap else 0.0
        return {"state": state, "weeks": weeks, "progress": view.progress}


class MenteeRoadmapSerializer(RoadmapSerializer):
    """A mentee's roadmap as their mentor reads it (no private notes)."""

    stages = MentorStageSerializer(many=True)


class RoadmapVersionSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.slug")

    class Meta:
        model = Roadmap
        fields = [
            "version",
            "role",
            "reason",
            "curriculum_revision",
            "total_hours",
            "finish_date",
            "created_at",
        ]


class DiffEntrySerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class MovedEntrySerializer(DiffEntrySerializer):
    from_week = serializers.FloatField()
    to_week = serializers.FloatField()
    from_date = serializers.DateField(required=False)
    to_date = serializers.DateField(required=False)


class DateChangeSerializer(serializers.Serializer):
    # "from" is a Python keyword: the fields are named in ``get_fields``.
    def get_fields(self):
        return {
            "from": serializers.DateField(allow_null=True),
            "to": serializers.DateField(allow_null=True),
        }


class DiffSerializer(serializers.Serializer):
    """A version's changes, what matters first: the finish (and job-ready) date before and
    after and the inputs that moved them; then steps added, removed, and moved by more than
    a week (``shifted_slightly`` counts the smaller moves)."""

    version = serializers.IntegerField()
    previous_version = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    finish = DateChangeSerializer(allow_null=True)
    job_ready = DateChangeSerializer(allow_null=True)
    inputs = serializers.DictField(child=serializers.DictField())
    added = DiffEntrySerializer(many=True)
    removed = DiffEntrySerializer(many=True)
    moved = MovedEntrySerializer(many=True)
    shifted_slightly = serializers.IntegerField()


class ItemUpdateSerializer(InputSerializer):
    min_properties = 1  # a status or a note

    status = serializers.ChoiceField(choices=ItemStatus.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Give a status or a note.")
        return attrs


class ProfileSerializer(InputSerializer):
    email = serializers.EmailField(read_only=True)
    email_confirmed = serializers.BooleanField(
        read_only=True,
        help_text="Whether the sign-up link was followed: weekly reminders wait for it.",
    )
    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    timezone = serializers.CharField(required=False)
    weekly_hours = serializers.FloatField(
        min_value=MIN_WEEKLY_HOURS, max_value=MAX_WEEKLY_HOURS, required=False
    )
    target_role = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Role.objects.filter(is_retired=False),
        required=False,
        allow_null=True,
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    target_date = serializers.DateField(required=False, allow_null=True)
    include_nice_to_have = serializers.BooleanField(required=False)
    reminder_weekday = serializers.IntegerField(
        min_value=0,
        max_value=6,
        required=False,
        allow_null=True,
        help_text="0 = Monday … 6 = Sunday; null turns reminders off.",
    )
    reminder_hour = serializers.IntegerField(min_value=0, max_value=23, required=False)

    def validate_timezone(self, value):
        from accounts.models import TIMEZONE_CHOICES

        if value not in dict(TIMEZONE_CHOICES):
            raise serializers.ValidationError(f"Unknown time zone '{value}'.")
        return value

    def validate(self, attrs):
        # The stored dates are judged with the new ones by update_profile.
        return attrs


class SkillLevelSerializer(InputSerializer):
    skill = serializers.SlugField()
    level = serializers.IntegerField(min_value=0, max_value=MAX_LEVEL)
    source = serializers.ChoiceField(choices=LevelSource.choices, read_only=True)


class PreviewInputSerializer(InputSerializer):
    role = serializers.SlugField()
    weekly_hours = serializers.FloatField(min_value=MIN_WEEKLY_HOURS, max_value=MAX_WEEKLY_HOURS)
    skills = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=MAX_LEVEL),
        required=False,
        default=dict,
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    target_date = serializers.DateField(required=False, allow_null=True)
    include_nice_to_have = serializers.BooleanField(required=False, default=False)


class RoleFitSerializer(serializers.Serializer):
    """One role of the ranking (an engine.RoleFit)."""

    role = serializers.CharField()
    name = serializers.CharField()
    hours_to_ready = serializers.FloatField(help_text="Skill hours left to be job-ready.")
    steps = serializers.IntegerField(help_text="Skill steps left to be job-ready.")
    closeness = serializers.FloatField(
        help_text="Share of the role's job-ready profile already met (0–1)."
    )
    hours_to_proficient = serializers.FloatField()
    weeks_to_ready = serializers.FloatField(
        allow_null=True, help_text="Weeks to job-ready at the learner's weekly hours."
    )


def item_data(item, *, private: bool = True) -> dict:
    """An item as JSON; ``private=False`` leaves out what only its learner may read."""
    data = {
        "id": item.id,
        "key": item.key,
        "kind": item.kind,
        "skill": item.skill,
        "from_level": item.from_level,
        "to_level": item.to_level,
        "project": item.project,
        "label": item.label,
        "priority": item.priority,
        "hours": item.hours,
        "start_week": item.start_week,
        "end_week": item.end_week,
        "start_date": item.start_date.isoformat(),
        "end_date": item.end_date.isoformat(),
        "status": item.status,
        "note": item.note,
        "reasons": list(item.reasons),
        "study": study_data(item.study),
        "own_resources": [{"id": r.pk, "title": r.title, "url": r.url} for r in item.own_resources],
    }
    if not private:
        for field in PRIVATE_ITEM_FIELDS:
            del data[field]
    return data


def _link_data(link) -> dict:
    return {
        "title": link.title,
        "url": link.url,
        "kind": link.kind,
        "free": link.free,
        "hours": link.hours,
    }


@functools.lru_cache(maxsize=4096)
def study_data(study) -> dict | None:
    """A StepStudy as JSON (see StepStudySerializer). Made once per study: the same one comes
    back for the same study, shared by every roadmap that shows it (read it, don't change it).
    """
    if study is None:
        return None
    return {
        "level": study.level,
        "descriptor": study.descriptor,
        "practice": study.practice,
        "resources": [_link_data(link) for link in study.resources],
        "deliverables": list(study.deliverables),
        "dataset": _link_data(study.dataset) if study.dataset else None,
    }


def roadmap_data(view, *, private: bool = True) -> dict:
    """A RoadmapView as the roadmap JSON of the API (see RoadmapSerializer).

    ``private=False`` is the mentor's view (MenteeRoadmapSerializer): no private notes.
    """
    roadmap = view.roadmap
    target = view.target
    return {
        "version": roadmap.version if roadmap else None,
        "role": view.role,
        "role_name": view.role_name,
        "reason": roadmap.reason if roadmap else "preview",
        "curriculum_revision": roadmap.curriculum_revision if roadmap else None,
        "weekly_hours": view.weekly_hours,
        "start_date": view.start_date.isoformat(),
        "finish_date": view.finish_date.isoformat(),
        "total_hours": view.total_hours,
        "weeks": view.weeks,
        "message": view.message,
        "target": {
            "date": target.date.isoformat(),
            "reachable": target.reachable,
            "weekly_hours_needed": target.weekly_hours_needed,
            "weeks_short": target.weeks_short,
            "earliest_date": target.earliest_date.isoformat() if target.earliest_date else None,
            "fits": target.fits,
            "advice": target.advice,
        }
        if target
        else None,
        "milestones": [
            {"key": m.key, "title": m.title, "week": m.week, "date": m.date.isoformat()}
            for m in view.milestones
        ],
        "status": {
            "state": roadmap.state if roadmap else "on_track",
            "weeks": roadmap.state_weeks if roadmap else 0.0,
            "progress": view.progress,
        },
        "stages": [
            {
                "key": stage.key,
                "title": stage.title,
                "start_week": stage.start_week,
                "end_week": stage.end_week,
                "hours": stage.hours,
                "progress": stage.progress,
                "items": [item_data(item, private=private) for item in stage.items],
            }
            for stage in view.stages
        ],
    }
