"""API conventions shared by every app: errors as JSON, never a 500 for bad input."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, generics, throttling
from rest_framework.views import exception_handler as drf_exception_handler

from config.errors import Conflict, NotAllowed, NotFound


class ConflictError(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


def exception_handler(exc, context):
    """A service's errors as HTTP: ValidationError (InvalidInput) a 400 with field errors,
    NotFound a 404, NotAllowed a 403, Conflict a 409."""
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
    return drf_exception_handler(exc, context)


class AnonSensitiveThrottle(throttling.AnonRateThrottle):
    """Bounds what an anonymous client can do on endpoints that cost work or try passwords."""

    scope = "anon_sensitive"


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
