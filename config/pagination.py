"""The API's pagination (its own module: DRF imports it while its generics load)."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    """Limit/offset pages, capped: a huge ``limit`` is a large page, not a database error.

    A ``limit`` or ``offset`` that is not a whole number (≥ 1 and ≥ 0) is a 400 naming it,
    not silently the default page.
    """

    max_limit = 500

    def _read(self, request, name: str, minimum: int) -> int | None:
        values = request.query_params.getlist(name)
        if not values:
            return None
        if len(values) > 1:
            raise ValidationError({name: ["Give it once."]})
        try:
            value = int(values[0])
        except ValueError:
            raise ValidationError({name: ["A whole number."]}) from None
        if value < minimum:
            raise ValidationError({name: [f"At least {minimum}."]})
        return value

    def get_limit(self, request):
        limit = self._read(request, self.limit_query_param, 1)
        if limit is None:
            return self.default_limit
        return min(limit, self.max_limit) if self.max_limit else limit

    def get_offset(self, request):
        return self._read(request, self.offset_query_param, 0) or 0

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            minimum = 1 if parameter["name"] == self.limit_query_param else 0
            parameter["schema"]["minimum"] = minimum
        return parameters
