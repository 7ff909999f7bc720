"""The errors services raise, and the one place each becomes an HTTP status.

Services speak the domain, not HTTP: they raise these, and the API (``config.api``'s DRF
exception handler) and the pages (``config.middleware.DomainErrorMiddleware``) map them once:

- ``NotFound``  → 404: the object is not there, or not the asker's (the two look the same).
- ``NotAllowed`` → 403: the object is the asker's to see, but not this action.
- ``Conflict`` → 409: the request was made against a state that has since moved on.
- ``InvalidInput`` → 400: Django's ``ValidationError``, naming the field and the reason, which
  forms and DRF already understand.
"""

from django.core.exceptions import ValidationError

InvalidInput = ValidationError


class DomainError(Exception):
    """An outcome of a service that the caller shows the user; ``str()`` says why."""

    default_message = ""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.default_message)


class NotFound(DomainError):
    default_message = "Not found."


class NotAllowed(DomainError):
    default_message = "You may not do this."


class Conflict(DomainError):
    """409: the request was made against a state that has moved on (a page older than the
    plan); pages answer it themselves, the API maps it."""

    default_message = "This changed while you were looking at it."
