"""Forms for sign-up, log-in (throttled) and the person's settings."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.validators import MaxLengthValidator
from django.template import Context, loader
from django.utils import timezone

from accounts import lockout
from accounts.models import TIMEZONE_CHOICES, Weekday
from accounts.validators import MAX_PASSWORD_LENGTH

# Kept for the tests and pages that name the limit.
LOGIN_FAILURES_PER_EMAIL = lockout.FAILURES_PER_ACCOUNT
LOGIN_FAILURES_PER_CLIENT = lockout.FAILURES_PER_CLIENT


class NoColonMixin:
    """Labels without Django's trailing colon: they read better and match what people type."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SignUpForm(NoColonMixin, forms.Form):
    name = forms.CharField(max_length=150, required=False, label="Your name")
    email = forms.EmailField(label="Email address")
    password1 = forms.CharField(
        label="Password",
        strip=False,
        max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; not only digits, not a common password.",
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") != data.get("password1"):
            self.add_error("password2", "The two passwords differ.")
        return data


class LockoutMixin:
    """A log-in form that refuses, for a while, an email or client that failed too often
    (accounts/lockout.py): the site's log-in page and the admin's alike."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A password longer than any account's is wrong without hashing it.
        self.fields["password"].max_length = MAX_PASSWORD_LENGTH
        self.fields["password"].validators.append(MaxLengthValidator(MAX_PASSWORD_LENGTH))

    def clean(self):
        email = self.data.get("username") or ""
        if lockout.is_locked_out(email=email, request=self.request):
            raise forms.ValidationError(lockout.MESSAGE, code="throttled")
        try:
            data = super().clean()
        except forms.ValidationError:
            lockout.record_failure(email=email, request=self.request)
            raise
        lockout.record_success(email=email, request=self.request)
        return data


class ThrottledLoginForm(LockoutMixin, NoColonMixin, AuthenticationForm):
    """Django's log-in form with the lockout."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "No active account matches this email and password.",
    }


class ThrottledAdminLoginForm(LockoutMixin, AdminAuthenticationForm):
    """The admin's log-in form with the same lockout."""


HOUR_CHOICES = [(h, f"{h:02d}:00") for h in range(24)]
WEEKDAY_CHOICES = [("", "Off — no reminders"), *Weekday.choices]


class SettingsForm(NoColonMixin, forms.Form):
    name = forms.CharField(max_length=150, required=False, label="Your name")
    timezone = forms.ChoiceField(choices=TIMEZONE_CHOICES, label="Time zone")
    reminder_weekday = forms.TypedChoiceField(
        choices=WEEKDAY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        label="Weekly reminder day",
        help_text="An email with this week's items and your progress.",
    )
    reminder_hour = forms.TypedChoiceField(
        choices=HOUR_CHOICES, coerce=int, label="Reminder time (in your time zone)"
    )


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the email put in the outbox (the worker sends it)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from outbox.services import queue_email

        subject = loader.get_template(subject_template_name).template.render(
            Context(context, autoescape=False)
        )
        queue_email(
            key=f"password_reset:{context['uid']}:{context['token']}",
            to=to_email,
            subject=subject,
            text=loader.render_to_string(email_template_name, context),
            html=loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else "",
        )


class ResetPasswordForm(SetPasswordForm):
    """The new password of a password reset. The reset link came by email, so following it
    proves the address as the sign-up link does: an unconfirmed address is confirmed."""

    def save(self, commit=True):
        if self.user.email_confirmed_at is None:
            self.user.email_confirmed_at = timezone.now()
        return super().save(commit=commit)
