"""Validators for what people type about themselves."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# Long enough for any passphrase; short enough that hashing it costs nothing worth attacking.
MAX_PASSWORD_LENGTH = 128


def validate_single_line(value: str) -> None:
    """Refuse control characters (newlines, NUL, escapes) in a one-line text such as a name:
    it ends up in email headers and page titles."""
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in value or ""):
        raise ValidationError(
            "Control characters (such as line breaks) are not allowed.", code="control"
        )


@deconstructible
class MaximumLengthValidator:
    """A password validator: at most ``max_length`` characters."""

    def __init__(self, max_length: int = MAX_PASSWORD_LENGTH):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                f"This password is too long: at most {self.max_length} characters.",
                code="password_too_long",
            )

    def get_help_text(self):
        return f"Your password can be at most {self.max_length} characters."

    def __eq__(self, other):
        return isinstance(other, MaximumLengthValidator) and other.max_length == self.max_length
