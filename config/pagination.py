"""The API's pagination (its own module: DRF imports it while its generics load)."""

from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    """Limit/offset pages, capped: a huge ``limit`` is a large page, not a database error."""

    max_limit = 500
