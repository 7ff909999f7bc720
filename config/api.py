"""API conventions shared by every app: errors as JSON, never a 500 for bad input."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import (
    ObjectDoesNotExist,
    RequestDataTooBig,
    ValidationError as DjangoValidationError,
)
from django.http import Http404
from rest_framework import exceptions, fields, generics, relations, serializers, throttling
from rest_framework.views import exception_handler as drf_exception_handler

from config.clients import client_ip
from config.errors import Conflict, NotAllowed, NotFound
from config.parsers import too_large_message
from planner.engine.errors import PlanningError


class ConflictError(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


def exception_handler(exc, context):
    """A service's errors as HTTP: ValidationError (InvalidInput) a 400 with field errors,
    NotFound a 404, NotAllowed a 403, Conflict a 409. A planning error that input validation
    did not foresee is still the input's fault: a 400 naming it, never a 500."""
    if isinstance(exc, NotFound):
        exc = exceptions.NotFound(str(exc))
    elif isinstance(exc, NotAllowed):
        exc = exceptions.PermissionDenied(str(exc))
    elif isinstance(exc, Conflict):
        exc = ConflictError(str(exc))
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, ObjectDoesNotExist):
        exc = Http404()
    elif isinstance(exc, PlanningError):
        exc = exceptions.ValidationError({"detail": str(exc)})
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.ParseError(too_large_message())
    return drf_exception_handler(exc, context)


class CountingThrottle(throttling.SimpleRateThrottle):
    """A rate limit counted with one atomic increment (Redis INCR in production), so web
    processes serving a client at once cannot each read the same count and all pass (DRF's
    own throttle reads a history, then writes it back).

    The window opens with a client's first request and lasts the rate's period. With the
    cache unreachable nothing is counted and requests pass (see config/settings/base.py).
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.cache.add(self.key, 0, self.duration)
        try:
            count = self.cache.incr(self.key)
        except ValueError:  # the window closed between add and incr
            self.cache.set(self.key, 1, self.duration)
            count = 1
        return count is None or count <= self.num_requests

    def wait(self):
        return self.duration


class AnonSensitiveThrottle(CountingThrottle, throttling.AnonRateThrottle):
    """Bounds what an anonymous client can do on endpoints that cost work or try passwords."""

    scope = "anon_sensitive"

    def get_ident(self, request):
        # The same client address as every other counter: REMOTE_ADDR, or what the trusted
        # proxies saw (NUM_PROXIES), never what the client wrote in X-Forwarded-For.
        return client_ip(request)


def _type_error(field: fields.Field, value) -> str | None:
    """Why ``value`` is not of the JSON type ``field`` takes, or None when it is.

    DRF coerces generously ("1" and true are numbers, "yes" is a boolean, "" clears a
    relation); the API takes each value as the JSON type its schema documents.
    """
    if value is None:
        return None  # allow_null decides
    if isinstance(field, fields.BooleanField):
        return None if isinstance(value, bool) else "Must be true or false."
    if isinstance(field, fields.IntegerField):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "Must be a whole number."
    if isinstance(field, fields.FloatField | fields.DecimalField):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "Must be a number."
    if isinstance(field, fields.CharField | fields.ChoiceField | relations.RelatedField):
        if not isinstance(value, str):
            return "Must be a string."
        if isinstance(field, relations.RelatedField) and value == "":
            return "Must not be empty (null clears it)."
        return None
    if isinstance(field, fields.DateField | fields.DateTimeField):
        return None if isinstance(value, str) else "Must be a date string (YYYY-MM-DD)."
    if isinstance(field, fields.DictField):
        if not isinstance(value, Mapping):
            return "Must be an object."
        for key, item in value.items():
            problem = _type_error(field.child, item)
            if problem:
                return f"{key}: {problem}"
        return None
    if isinstance(field, fields.ListField):
        if not isinstance(value, list):
            return "Must be a list."
        for item in value:
            problem = _type_error(field.child, item)
            if problem:
                return problem
        return None
    return None


class InputSerializer(serializers.Serializer):
    """A request body, read strictly: unknown fields and values of the wrong JSON type are
    refused with the field named, not ignored or coerced."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {}
            for name, value in data.items():
                field = self.fields.get(name)
                if field is None:
                    errors[name] = ["Unknown field."]
                elif not field.read_only and (problem := _type_error(field, value)):
                    errors[name] = [problem]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    @classmethod
    def read(cls, request, **kwargs):
        """The request's body, validated (a 400 naming each bad field otherwise)."""
        serializer = cls(data=request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def optional_text(max_length: int, help_text: str = "") -> serializers.CharField:
    """A text field a request may leave out or blank (then "")."""
    return serializers.CharField(
        required=False, allow_blank=True, max_length=max_length, default="", help_text=help_text
    )


class RowsListView(generics.ListAPIView):
    """A paginated list of rows a selector computes (not a queryset of one model).

    Subclasses set ``serializer_class`` and implement ``rows()``.
    """

    filter_backends: list = []

    def rows(self):
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return []
        return self.rows()
