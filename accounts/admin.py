from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.forms import ThrottledAdminLoginForm
from accounts.models import User

# The admin's log-in counts failures like the site's and the API's (accounts/lockout.py).
admin.site.login_form = ThrottledAdminLoginForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "date_joined", "email_confirmed_at"]
    search_fields = ["email", "name"]
    list_filter = ["is_staff", "is_active"]
    fieldsets = [
        (None, {"fields": ["email", "password", "name"]}),
        ("Reminders", {"fields": ["timezone", "reminder_weekday", "reminder_hour"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "email_confirmed_at"]}),
    ]
    # Set by following the sign-up link (accounts/signup.py), not by hand.
    readonly_fields = ["email_confirmed_at"]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})
    ]
