"""What the integration tests read from the real servers; the servers themselves (Redis, the
SMTP sink, Celery workers) are in benchmarks.servers, shared with the benchmarks."""

from __future__ import annotations

from email.message import Message


def body(message: Message, content_type: str) -> str:
    for part in message.walk():
        if part.get_content_type() == content_type:
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError(f"no {content_type} part")
