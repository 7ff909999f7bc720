"""Forms for sign-up, log-in (throttled) and the person's settings."""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.validators import MaxLengthValidator

from accounts.models import TIMEZONE_CHOICES, Weekday
from accounts.validators import MAX_PASSWORD_LENGTH

# Failed log-ins allowed per email address, and per client address, within the window.
LOGIN_FAILURES_PER_EMAIL = 5
LOGIN_FAILURES_PER_CLIENT = 20
LOGIN_WINDOW_SECONDS = 15 * 60


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


def _key(kind: str, value: str) -> str:
    return f"login-failures:{kind}:" + hashlib.sha256(value.encode()).hexdigest()


class ThrottledLoginForm(NoColonMixin, AuthenticationForm):
    """Django's log-in form that refuses, for a while, an email or client that failed too often.

    Counters live in the cache; a successful log-in clears the email's counter. While a
    limit is reached even the right password is refused, so guessing gains nothing.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "No active account matches this email and password.",
        "throttled": "Too many failed log-ins. Wait 15 minutes or reset your password.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A password longer than any account's is wrong without hashing it.
        self.fields["password"].max_length = MAX_PASSWORD_LENGTH
        self.fields["password"].validators.append(MaxLengthValidator(MAX_PASSWORD_LENGTH))

    def _counters(self) -> list[tuple[str, int]]:
        email = (self.data.get("username") or "").strip().lower()
        client = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        return [
            (_key("email", email), LOGIN_FAILURES_PER_EMAIL),
            (_key("client", client), LOGIN_FAILURES_PER_CLIENT),
        ]

    def clean(self):
        counters = self._counters()
        if any(cache.get(key, 0) >= limit for key, limit in counters):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            data = super().clean()
        except forms.ValidationError:
            for key, _ in counters:
                if not cache.add(key, 1, LOGIN_WINDOW_SECONDS):
                    try:
                        cache.incr(key)
                    except ValueError:
                        cache.set(key, 1, LOGIN_WINDOW_SECONDS)
            raise
        cache.delete(counters[0][0])
        return data


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
