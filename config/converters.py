"""URL converters shared by every app."""

from django.urls import register_converter


class IdConverter:
    """A positive database id: at most 18 digits, so it always fits a 64-bit integer and an
    absurd id is a 404 rather than an overflow inside the database driver."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class TokenConverter:
    """A token in a link (URL-safe base64, or a signed value): its alphabet only, so a NUL
    byte or other junk is a 404 rather than a database error."""

    regex = "[-A-Za-z0-9_:.]{1,200}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(IdConverter, "id")
register_converter(TokenConverter, "token")
