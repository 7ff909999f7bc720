"""Small pieces every page module uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q

T = TypeVar("T")


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def is_mentor(user) -> bool:
    """Whether the person follows (or was invited to follow) at least one learner."""
    from planner.models import Mentorship, MentorshipStatus

    return Mentorship.objects.filter(
        Q(mentor=user, status=MentorshipStatus.ACTIVE)
        | Q(email__iexact=user.email, status=MentorshipStatus.INVITED)
    ).exists()


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def first_form_error(form: forms.Form) -> str:
    """The first problem a bound, invalid form found, with the field's label before it."""
    for name, problems in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        return f"{label or name.capitalize()}: {problems[0]}" if name != "__all__" else problems[0]
    return "Invalid input."


def first_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return next(iter(m for ms in error.message_dict.values() for m in ms), "Invalid input.")
    return error.messages[0] if error.messages else "Invalid input."


def attempt(request, operation: Callable[..., T], /, **kwargs) -> T | None:
    """What a service operation returns, or None when it refused: its reason is then shown
    as the page's error message (a page after a POST, where no form shows it)."""
    try:
        return operation(**kwargs)
    except ValidationError as error:
        messages.error(request, first_message(error))
        return None
