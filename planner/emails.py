"""The planner's emails: rendering (text + HTML from templates) and handing them to the mail server.

Reminders need a send that is never repeated. :func:`send_once` hands a message over with a
*commit point*: a callback that records the message as sent, called at the last moment before
delivery becomes irrevocable. With SMTP that moment is just before the final "." of DATA: a
worker that dies before it leaves no record and the server discards the half-sent message, so
a retry cannot duplicate it; a worker that dies after it has already said "sent". Only a
worker killed in the microseconds between the record and the dot loses that one message:
where exactly-once cannot be had, we choose at most once.
"""

from __future__ import annotations

import re
import smtplib
import socket
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse

CRLF = b"\r\n"
SMTP_TIMEOUT_SECONDS = 10


def site_url(viewname: str, *args, **kwargs) -> str:
    """The absolute URL of a page, for links that leave the site (emails, calendars):
    ``WAYMARK_SITE_URL`` (``settings.SITE_URL``) plus the page's path from ``reverse()``."""
    return settings.SITE_URL.rstrip("/") + reverse(
        viewname, args=args or None, kwargs=kwargs or None
    )


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_subject(template_name: str, context: dict) -> str:
    """A subject line: plain text, so not HTML-escaped ("R&D", not "R&amp;D"), on one line."""
    template = get_template(template_name).template
    subject = template.render(Context(context, autoescape=False))
    return " ".join(subject.split())


def render_email(template: str, context: dict) -> RenderedEmail:
    """``planner/email/<template>/{subject,body}.txt`` and ``body.html`` rendered with context."""
    base = f"planner/email/{template}"
    subject = render_subject(f"{base}/subject.txt", context)
    return RenderedEmail(
        subject=subject,
        text=render_to_string(f"{base}/body.txt", context),
        html=render_to_string(f"{base}/body.html", context),
    )


def build_message(
    email: RenderedEmail, *, to: str, headers: dict[str, str] | None = None
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(email.html, "text/html")
    return message


def send_email(template: str, context: dict, *, to: str, key: str) -> None:
    """Render an email and put it in the outbox (sent by the worker, once per ``key``)."""
    from outbox.services import queue_email

    email = render_email(template, context)
    queue_email(key=key, to=to, subject=email.subject, text=email.text, html=email.html)


class SendAbandoned(Exception):
    """The commit point refused: someone else already sent this message."""


class _RefusedAfterCommit(Exception):
    """The server answered the final dot with an error: nothing was delivered."""


class _CommitPointSMTP(smtplib.SMTP):
    """smtplib.SMTP whose DATA calls ``commit_point`` before the final terminator."""

    commit_point: Callable[[], bool] | None = None

    def connect(self, host="localhost", port=0, source_address=None):
        reply = super().connect(host, port, source_address)
        # The body and the final dot go out as two writes: without this, Nagle's algorithm
        # and the server's delayed ACK hold the dot back ~40 ms per message.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return reply

    def data(self, msg):
        if self.commit_point is None:
            return super().data(msg)
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):
            msg = msg.encode("ascii")
        body = re.sub(rb"(?m)^\.", b"..", msg)
        if body[-2:] != CRLF:
            body += CRLF
        self.send(body)
        if not self.commit_point():
            # Without the final dot the server drops the message.
            self.close()
            raise SendAbandoned
        self.send(b"." + CRLF)
        code, reply = self.getreply()
        if code != 250:
            raise _RefusedAfterCommit(smtplib.SMTPDataError(code, reply))
        return code, reply


class CommitPointSMTPBackend(SMTPBackend):
    """Django's SMTP backend, able to send with a commit point (see the module docstring)."""

    @property
    def connection_class(self):
        if self.use_ssl:
            return super().connection_class
        return _CommitPointSMTP


def mail_connection():
    """A connection for sending many messages; SMTP gets the commit-point variant."""
    connection = get_connection(fail_silently=False)
    if isinstance(connection, SMTPBackend) and not connection.use_ssl:
        connection = CommitPointSMTPBackend(
            fail_silently=False, timeout=connection.timeout or SMTP_TIMEOUT_SECONDS
        )
    return connection


def send_once(
    message: EmailMultiAlternatives,
    *,
    connection,
    commit: Callable[[], bool],
    revert: Callable[[], None],
) -> None:
    """Send ``message`` at most once.

    ``commit`` records the message as sent and says whether this caller owns it; ``revert``
    undoes the record when the server refused the message after all. Raises
    :class:`SendAbandoned` when ``commit`` refuses, and whatever the mail server raised when
    the send failed (then nothing is recorded). Only a connection lost between the final dot
    and the server's answer leaves the record standing: a reminder may be lost then, never
    doubled. With a backend that is not SMTP (console, file, memory) the record is made just
    before the hand-over.
    """
    if not isinstance(connection, CommitPointSMTPBackend):
        if not commit():
            raise SendAbandoned
        try:
            connection.send_messages([message])
        except Exception:
            revert()
            raise
        return
    if connection.connection is None:
        connection.open()
    connection.connection.commit_point = commit
    try:
        connection.send_messages([message])
    except SendAbandoned:
        connection.connection = None
        raise
    except _RefusedAfterCommit as refused:
        revert()
        raise refused.args[0] from None
    finally:
        if connection.connection is not None:
            connection.connection.commit_point = None
