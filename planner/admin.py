"""Staff see every learner: profiles, levels, roadmap versions, mentorships, reminders."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from curriculum.models import Skill
from planner.engine import STAGE_SPANS
from planner.models import (
    LearnerProfile,
    LearnerSkill,
    LearnerSkillChange,
    Mentorship,
    Reminder,
    Review,
    ReviewRequest,
    Roadmap,
    RoadmapItem,
    item_label,
)


@admin.register(LearnerProfile)
class LearnerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "target_role", "weekly_hours", "target_date", "last_activity_at"]
    list_filter = ["target_role"]
    search_fields = ["user__email", "user__name"]
    autocomplete_fields = ["user", "target_role"]
    list_select_related = ["user", "target_role"]


@admin.register(LearnerSkill)
class LearnerSkillAdmin(admin.ModelAdmin):
    list_display = ["user", "skill", "level", "source", "updated_at"]
    list_filter = ["source", "level", "skill__area"]
    search_fields = ["user__email", "skill__slug"]
    autocomplete_fields = ["user", "skill"]
    list_select_related = ["user", "skill"]


@admin.register(LearnerSkillChange)
class LearnerSkillChangeAdmin(admin.ModelAdmin):
    """The history of levels: read-only, no adding and no (bulk) deleting."""

    list_display = [
        "user",
        "skill",
        "previous_level",
        "level",
        "source",
        "changed_by",
        "created_at",
    ]
    list_filter = ["source"]
    search_fields = ["user__email", "skill__slug"]
    list_select_related = ["user", "skill", "changed_by"]

    def has_change_permission(self, request, obj=None):
        return False  # history is a record, not an editable value

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def step_of(item: RoadmapItem) -> str:
    name = item.project.name if item.project_id else item.skill.name
    return item_label(item.kind, name, item.from_level, item.to_level)


class RoadmapItemInline(admin.TabularInline):
    model = RoadmapItem
    extra = 0
    fields = ["position", "step", "stage", "hours", "start_date", "end_date", "status"]
    readonly_fields = ["position", "step", "stage", "hours", "start_date", "end_date"]
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("skill", "project")

    @admin.display(description="step")
    def step(self, item: RoadmapItem) -> str:
        return step_of(item)


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    """Versions are never overwritten: staff may read them and nothing more, as a plan
    (stages, steps, status, milestones and what changed) rather than stored JSON."""

    list_display = ["user", "version", "role", "reason", "state", "state_weeks", "created_at"]
    list_filter = ["role", "state", "reason"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user", "role"]
    fields = [
        "user",
        "version",
        "role",
        "reason",
        "created_at",
        "weekly_hours",
        "start_date",
        "finish_date",
        "target_date",
        "state",
        "state_weeks",
        "milestones",
        "what_changed",
        "starting_levels",
        "plan",
    ]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    @admin.display(description="milestones")
    def milestones(self, roadmap: Roadmap):
        rows = [("Finish (proficient)", roadmap.finish_date)]
        job_ready = (roadmap.diff or {}).get("job_ready", {}).get("to")
        if job_ready:
            rows.insert(0, ("Job-ready", job_ready))
        if roadmap.target_date:
            reach = "reachable" if roadmap.target_reachable else "not reachable at this pace"
            rows.append((f"Target ({reach})", roadmap.target_date))
        return format_html_join(mark_safe("<br>"), "{}: {}", rows)

    @admin.display(description="what changed")
    def what_changed(self, roadmap: Roadmap):
        diff = roadmap.diff or {}
        if roadmap.version == 1 or not diff:
            return "First plan."
        finish = diff.get("finish") or {}
        return format_html(
            "Finish {} → {}; {} added, {} removed, {} moved by more than a week.",
            finish.get("from", "?"),
            finish.get("to", "?"),
            len(diff.get("added", [])),
            len(diff.get("removed", [])),
            len(diff.get("moved", [])),
        )

    @admin.display(description="levels at the start")
    def starting_levels(self, roadmap: Roadmap):
        levels = roadmap.levels or {}
        if not levels:
            return "none (starting from zero)"
        names = dict(Skill.objects.filter(slug__in=levels).values_list("slug", "name"))
        return ", ".join(
            f"{names.get(slug, slug)} {level}" for slug, level in sorted(levels.items())
        )

    @admin.display(description="plan")
    def plan(self, roadmap: Roadmap):
        items = list(roadmap.items.select_related("skill", "project").order_by("position"))
        blocks = []
        for span in STAGE_SPANS:
            key, title = span.key, span.title
            inside = [i for i in items if i.stage == key]
            rows = format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{} h</td><td>{} – {}</td></tr>",
                (
                    (
                        step_of(i),
                        i.get_status_display(),
                        f"{i.hours:g}",
                        i.start_date,
                        i.end_date,
                    )
                    for i in inside
                ),
            )
            blocks.append(
                format_html(
                    "<h3>{} ({} items, {} h)</h3><table><thead><tr><th>Step</th><th>Status</th>"
                    "<th>Hours</th><th>Dates</th></tr></thead><tbody>{}</tbody></table>",
                    title,
                    len(inside),
                    f"{sum(i.hours for i in inside):g}",
                    rows or mark_safe('<tr><td colspan="4">Nothing planned.</td></tr>'),
                )
            )
        return mark_safe("".join(blocks))  # noqa: S308 - every part is built by format_html


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["learner", "mentor", "email", "status", "created_at", "accepted_at"]
    list_filter = ["status"]
    search_fields = ["learner__email", "mentor__email", "email"]
    list_select_related = ["learner", "mentor"]
    exclude = ["token"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """An audit record: staff read it; nobody adds, edits or deletes it by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["learner", "mentor", "kind", "item_key", "skill", "level", "created_at"]
    list_filter = ["kind"]
    search_fields = ["mentorship__learner__email", "mentorship__mentor__email", "item_key"]
    list_select_related = ["mentorship__learner", "mentorship__mentor", "skill"]

    @admin.display(description="learner", ordering="mentorship__learner__name")
    def learner(self, review: Review):
        return review.mentorship.learner

    @admin.display(description="mentor", ordering="mentorship__mentor__name")
    def mentor(self, review: Review):
        return review.mentorship.mentor


@admin.register(ReviewRequest)
class ReviewRequestAdmin(ReadOnlyAdmin):
    list_display = ["learner", "label", "status", "answered_by", "created_at", "answered_at"]
    list_filter = ["status"]
    search_fields = ["learner__email", "learner__name", "label"]
    list_select_related = ["learner", "answered_by"]
    exclude = ["undo"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["user", "period", "status", "attempts", "sent_at", "short_error", "created_at"]
    list_filter = ["status", "period"]
    search_fields = ["user__email", "period"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    readonly_fields = ["user", "period", "attempts", "last_error", "created_at", "sent_at"]
    fields = ["user", "period", "status", "attempts", "last_error", "created_at", "sent_at"]

    @admin.display(description="last error")
    def short_error(self, reminder: Reminder) -> str:
        error = reminder.last_error
        return error if len(error) <= 80 else error[:77] + "…"

    def has_add_permission(self, request) -> bool:
        # Rows are claims made by the fan-out; one made by hand would block that week's send.
        return False
