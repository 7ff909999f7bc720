"""Curriculum operations that the commands, the admin and the tests share."""

from pathlib import Path

from curriculum.exchange import LoadReport, load_document, read_file
from curriculum.exchange.document import parse_text


def load_curriculum_file(*, path: str | Path) -> LoadReport:
    """Validate the whole file, then upsert it in one transaction (see exchange.load)."""
    return load_document(read_file(path))


def load_curriculum_text(*, text: str, json_format: bool = False) -> LoadReport:
    return load_document(parse_text(text, json_format=json_format))
