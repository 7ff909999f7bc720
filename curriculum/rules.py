"""The rules every curriculum entry obeys, wherever it comes from (a file, the admin).

Plain Python and a Django validator built from it, so the file checker and the models
enforce one rule, and the checker can refuse a file before the database sees it.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.validators import RegexValidator

SLUG_MAX_LENGTH = 80
NAME_MAX_LENGTH = 200
SOURCE_MAX_LENGTH = 500
MIN_HOURS = 0.1

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_RULE = (
    f"lowercase letters, digits and single hyphens between them, at most {SLUG_MAX_LENGTH} "
    "characters"
)

validate_slug = RegexValidator(
    regex=rf"\A{SLUG_PATTERN.pattern}\Z",
    message=f"A slug is {SLUG_RULE}.",
    code="invalid_slug",
)


def slug_problem(slug: object) -> str | None:
    """Why ``slug`` is not a valid curriculum slug, or None when it is."""
    if not isinstance(slug, str) or not slug:
        return "slug must be a non-empty string"
    if len(slug) > SLUG_MAX_LENGTH:
        return f"slug is {len(slug)} characters long, more than {SLUG_MAX_LENGTH}"
    if not SLUG_PATTERN.fullmatch(slug):
        return f"slug {slug!r} is not {SLUG_RULE}"
    return None


def suggest_slug(text: str) -> str:
    """A valid slug made from a label: ``CI/CD`` → ``ci-cd``, ``AWS / Azure`` → ``aws-azure``."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX_LENGTH:
        cut = slug[:SLUG_MAX_LENGTH]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug or "entry"
