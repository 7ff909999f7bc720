"""What to study for a skill: the ``resources`` and ``practice`` keys of a skill entry, and a
project's suggested ``dataset``.

Kept apart from ``document.py`` so the checks of the rest of the format can change without
touching these. Each function reports problems through the checker's ``error(where, problem)``
and returns the normalised value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from planner.engine.curriculum import MAX_LEVEL

RESOURCE_KINDS = ("course", "book", "documentation", "video", "article", "interactive")
RESOURCE_KEYS = ({"title", "url", "kind", "levels"}, {"free", "hours"})
DATASET_KEYS: tuple[set[str], set[str]] = ({"title", "url"}, set())
LEVELS = range(1, MAX_LEVEL + 1)

Report = Callable[[str, str], None]
_url_validator = URLValidator(schemes=["http", "https"])


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def url_problem(url: Any) -> str | None:
    """Why ``url`` is not a usable http(s) link, or None when it is."""
    if not isinstance(url, str) or not url.strip():
        return "url is missing"
    if urlsplit(url.strip()).scheme.lower() not in ("http", "https"):
        return f"url {url!r} must start with http:// or https://"
    try:
        _url_validator(url.strip())
    except ValidationError:
        return f"url {url!r} is not a well-formed link"
    return None


def _unknown_and_missing(value: dict, keys: tuple[set[str], set[str]]) -> list[str]:
    required, optional = keys
    problems = [f"unknown key '{k}'" for k in sorted(set(value) - required - optional, key=str)]
    problems += [f"missing key '{k}'" for k in sorted(required - set(value))]
    return problems


def resources(raw: Any, where: str, error: Report) -> list[dict]:
    """A skill's ``resources`` list, each entry named by position and title in errors."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        error(where, "resources must be a list")
        return []
    out = []
    for index, entry in enumerate(raw):
        title = entry.get("title") if isinstance(entry, dict) else None
        rw = f"{where} resources[{index}]" + (
            f" ({title!r})" if isinstance(title, str) and title.strip() else ""
        )
        if not isinstance(entry, dict):
            error(rw, "expected a mapping")
            continue
        for problem in _unknown_and_missing(entry, RESOURCE_KEYS):
            if problem != "missing key 'title'":
                error(rw, problem)
        if not isinstance(title, str) or not title.strip():
            error(rw, "title is missing")
        url_error = url_problem(entry.get("url"))
        if url_error and "url" in entry:
            error(rw, url_error)
        kind = entry.get("kind")
        if "kind" in entry and kind not in RESOURCE_KINDS:
            error(rw, f"kind {kind!r} must be one of {', '.join(RESOURCE_KINDS)}")
        levels = entry.get("levels")
        if "levels" in entry:
            if not isinstance(levels, list) or not levels:
                error(rw, f"levels must be a non-empty list of levels 1–{MAX_LEVEL}")
                levels = []
            else:
                for level in levels:
                    if not _is_int(level) or level not in LEVELS:
                        error(rw, f"level {level!r} is outside 1–{MAX_LEVEL}")
                if len(set(map(repr, levels))) != len(levels):
                    error(rw, "a level is listed twice")
        free = entry.get("free", True)
        if not isinstance(free, bool):
            error(rw, f"free {free!r} must be true or false")
        hours = entry.get("hours")
        if hours is not None and (
            not isinstance(hours, int | float) or isinstance(hours, bool) or hours <= 0
        ):
            error(rw, f"hours {hours!r} must be a positive number")
            hours = None
        out.append(
            {
                "title": title.strip() if isinstance(title, str) else "",
                "url": entry.get("url", "").strip() if isinstance(entry.get("url"), str) else "",
                "kind": kind,
                "free": free,
                "hours": float(hours) if hours is not None else None,
                "levels": sorted(n for n in levels or [] if _is_int(n)),
            }
        )
    return out


def practice(raw: Any, where: str, error: Report) -> dict[int, str]:
    """A skill's ``practice`` tasks by level (any level; the curriculum covers 1–3)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        error(where, f"practice must map levels 1–{MAX_LEVEL} to a practice task")
        return {}
    out = {}
    for key, text in raw.items():
        level = int(key) if isinstance(key, str) and key.isdigit() else key
        if not _is_int(level) or level not in LEVELS:
            error(where, f"practice level {key!r} is outside 1–{MAX_LEVEL}")
        elif not isinstance(text, str) or not text.strip():
            error(where, f"practice for level {level} is empty")
        else:
            out[level] = " ".join(text.split())
    return dict(sorted(out.items()))


def dataset(raw: Any, where: str, error: Report) -> dict | None:
    """A project's suggested public dataset: ``{title, url}``."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        error(where, "dataset must be a mapping with title and url")
        return None
    for problem in _unknown_and_missing(raw, DATASET_KEYS):
        error(f"{where} dataset", problem)
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        error(f"{where} dataset", "title is missing")
        title = ""
    url_error = url_problem(raw.get("url"))
    if url_error and "url" in raw:
        error(f"{where} dataset", url_error)
    url = raw.get("url")
    return {"title": title.strip(), "url": url.strip() if isinstance(url, str) else ""}
