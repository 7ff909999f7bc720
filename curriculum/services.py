"""Curriculum operations that the commands, the admin and the tests share."""

from pathlib import Path
from typing import Any

from django.db import transaction

from curriculum.exchange import LoadReport, load_document
from curriculum.exchange.document import parse_document, parse_raw, read_raw, wants_merge
from curriculum.selectors import loaded_curriculum


def load_curriculum_file(
    *, path: str | Path, merge: bool = False, dry_run: bool = False
) -> LoadReport:
    """Validate the whole file, then upsert it in one transaction (see exchange.load).

    ``merge`` (or the file's ``mode: merge``) loads it as a module beside the live
    curriculum; ``dry_run`` reports what the load would do and changes nothing.
    """
    return _load(read_raw(path), merge=merge, dry_run=dry_run)


def load_curriculum_text(
    *, text: str, json_format: bool = False, merge: bool = False, dry_run: bool = False
) -> LoadReport:
    return _load(parse_raw(text, json_format=json_format), merge=merge, dry_run=dry_run)


def _load(raw: Any, *, merge: bool, dry_run: bool) -> LoadReport:
    merge = wants_merge(raw, merge)
    with transaction.atomic():
        # A module is checked against the curriculum it joins, in the same transaction.
        document = parse_document(raw, merge=merge, loaded=loaded_curriculum() if merge else None)
        return load_document(document, dry_run=dry_run)
