"""What the importers of open frameworks share: slugs for foreign ids, text from HTML."""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterable
from pathlib import Path

from django.utils.html import strip_tags

from curriculum.exchange.document import DEFAULT_DESCRIPTORS, DEFAULT_HOURS
from curriculum.rules import NAME_MAX_LENGTH, SLUG_MAX_LENGTH, suggest_slug


class SourceFileError(ValueError):
    """A source file that cannot be imported; the message says which and why."""


def read_csv(path: str | Path, required: list[str]) -> list[dict[str, str]]:
    """The rows of a CSV file with a header line, refusing it if a column is missing."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise SourceFileError(f"{path.name}: missing column(s) {', '.join(missing)}")
            return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except OSError as error:
        raise SourceFileError(f"cannot read {path}: {error.strerror}") from error
    except (UnicodeDecodeError, csv.Error) as error:
        raise SourceFileError(f"{path.name}: not a UTF-8 CSV file ({error})") from error


def declared_defaults() -> dict:
    """The defaults an imported file declares for what its source has no words for: level
    descriptors and hours (loaded as "estimated", for a curator to replace)."""
    hours = [int(h) if float(h).is_integer() else h for h in DEFAULT_HOURS]
    return {"levels": dict(DEFAULT_DESCRIPTORS), "hours": hours}


def plain_text(value: str) -> str:
    """Text from a field that may hold HTML, on one paragraph per line."""
    value = re.sub(r"\s+", " ", value or "")  # line breaks in the source are layout
    value = re.sub(r"(?i)<br\s*/?>|</p>", "\n", value)
    text = html.unescape(strip_tags(value))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def short_name(value: str) -> str:
    value = " ".join((value or "").split())
    return value if len(value) <= NAME_MAX_LENGTH else value[: NAME_MAX_LENGTH - 1] + "…"


class Slugs:
    """Unique valid slugs for foreign entries: the label's slug, numbered on a clash."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)

    def new(self, label: str) -> str:
        base = suggest_slug(label)
        slug, n = base, 2
        while slug in self.taken:
            suffix = f"-{n}"
            slug = base[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
            n += 1
        self.taken.add(slug)
        return slug
