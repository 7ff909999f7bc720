from django.contrib import admin

from outbox.models import Email, PendingTask


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["key", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["key", "to"]
    readonly_fields = [f.name for f in Email._meta.fields]


@admin.register(PendingTask)
class PendingTaskAdmin(admin.ModelAdmin):
    list_display = ["name", "args", "created_at"]
    readonly_fields = [f.name for f in PendingTask._meta.fields]
