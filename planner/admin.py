"""Staff see every learner: profiles, levels, roadmap versions, mentorships, reminders."""

from django.contrib import admin

from planner.models import (
    LearnerProfile,
    LearnerSkill,
    LearnerSkillChange,
    Mentorship,
    Reminder,
    Review,
    Roadmap,
    RoadmapItem,
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


class RoadmapItemInline(admin.TabularInline):
    model = RoadmapItem
    extra = 0
    fields = ["position", "key", "stage", "hours", "start_date", "end_date", "status"]
    readonly_fields = ["position", "key", "stage", "hours", "start_date", "end_date"]
    can_delete = False
    show_change_link = False


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    """Versions are never overwritten: staff may read them and nothing more."""

    list_display = ["user", "version", "role", "reason", "state", "state_weeks", "created_at"]
    list_filter = ["role", "state", "reason"]
    search_fields = ["user__email"]
    list_select_related = ["user", "role"]
    inlines = [RoadmapItemInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["learner", "mentor", "email", "status", "created_at", "accepted_at"]
    list_filter = ["status"]
    search_fields = ["learner__email", "mentor__email", "email"]
    list_select_related = ["learner", "mentor"]
    exclude = ["token"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["mentorship", "kind", "skill", "level", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["mentorship__learner", "mentorship__mentor", "skill"]


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
