"""Reminders in the admin: what was sent, what is pending, and why a failure failed."""

from django.contrib import admin

from planner.models import Reminder


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
