"""Pages: a service's domain error becomes Django's 404 or 403 (the API maps them in
``config.api.exception_handler``)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from config.errors import NotAllowed, NotFound


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            raise Http404(str(exception)) from exception
        if isinstance(exception, NotAllowed):
            raise PermissionDenied(str(exception)) from exception
        return None
