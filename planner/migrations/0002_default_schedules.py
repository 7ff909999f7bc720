"""Default beat schedules: reminders hourly at minute 0, reassessment daily at 03:30 UTC.

Kept in the database (django-celery-beat) so an admin can change or pause them; the
migration only creates what is missing and never overwrites an admin's edits.
"""

from django.db import migrations

SCHEDULES = [
    {
        "name": "Send due progress reminders",
        "task": "planner.tasks.send_due_reminders",
        "minute": "0",
        "hour": "*",
    },
    {
        "name": "Reassess every active plan",
        "task": "planner.tasks.reassess_all_plans",
        "minute": "30",
        "hour": "3",
    },
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for entry in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=entry["minute"],
            hour=entry["hour"],
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="UTC",
        )
        PeriodicTask.objects.get_or_create(
            name=entry["name"],
            defaults={"task": entry["task"], "crontab": crontab, "enabled": True},
        )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[e["name"] for e in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("planner", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
