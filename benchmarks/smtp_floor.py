"""The mail server's floor for ``manage.py bench_reminders``, run as its own process:

    python -m benchmarks.smtp_floor --port 8025 --count 2000 --size 6000

sends ``--count`` prepared messages of about ``--size`` bytes over one smtplib connection,
each to its own recipient, as fast as the server answers: what one sender doing nothing
but SMTP gets from that server. Prints one JSON object: messages, seconds, per_second.
Only the standard library is used.
"""

from __future__ import annotations

import argparse
import json
import smtplib
import sys
import time

SENDER = "floor@waymark.localhost"


def message(size: int) -> bytes:
    head = (
        f"From: {SENDER}\r\nSubject: SMTP floor\r\nMessage-ID: <floor@waymark.localhost>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    ).encode()
    line = b"The quick brown fox jumps over the lazy dog, again and again.\r\n"
    return head + line * max(1, (size - len(head)) // len(line))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--size", type=int, default=6000, help="bytes per message")
    args = parser.parse_args(argv)
    body = message(args.size)
    with smtplib.SMTP(args.host, args.port, timeout=30) as smtp:
        began = time.perf_counter()
        for n in range(args.count):
            smtp.sendmail(SENDER, [f"floor-{n}@example.com"], body)
        seconds = time.perf_counter() - began
    json.dump(
        {
            "messages": args.count,
            "seconds": round(seconds, 3),
            "per_second": round(args.count / seconds, 1),
        },
        sys.stdout,
    )
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
