"""The planner's emails: rendering (text + HTML from templates) and handing them to the mail server.

Reminders are sent in batches by :mod:`planner.services.reminders` (claim, send, confirm);
every other email goes through the outbox (:func:`send_email`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from email.policy import Compat32

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse

# Django's SMTP backend waits forever by default (EMAIL_TIMEOUT None): a stuck mail server
# must fail a batch, not hang it past its claim.
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


class EmailTemplates:
    """One email's three templates, looked up and compiled once, rendered many times: a batch
    of reminders renders the same templates hundreds of times."""

    def __init__(self, template: str) -> None:
        base = f"planner/email/{template}"
        # The engine's own Template objects: rendering them skips the backend's per-call
        # context wrapping (request, CSRF token) that a plain email does not need.
        self.subject = get_template(f"{base}/subject.txt").template
        self.text = get_template(f"{base}/body.txt").template
        self.html = get_template(f"{base}/body.html").template

    def render(self, context: dict) -> RenderedEmail:
        # A subject is a header, not HTML: not escaped.
        subject = self.subject.render(Context(context, autoescape=False))
        return RenderedEmail(
            subject=" ".join(subject.split()),
            text=self.text.render(Context(context)),
            html=self.html.render(Context(context)),
        )


class _UnfoldedHeaders(Compat32):
    """The standard library's default policy (what Django's messages use), except that a
    header that is plain ASCII on one line within SMTP's limit of 998 characters is written
    as it is. The default passes every header through email.header.Header to fold it at 78
    characters (a "should" of RFC 5322 that a long URL cannot follow anyway): a third of
    the time of turning a reminder into bytes. Anything else (Django has already encoded
    non-ASCII values as folded encoded-words) is folded as before."""

    def _fold(self, name, value, sanitize):
        if (
            isinstance(value, str)
            and value.isascii()
            and "\n" not in value
            and "\r" not in value
            and len(name) + len(value) + 2 <= 998
        ):
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


UNFOLDED_HEADERS = _UnfoldedHeaders()


class _Message(EmailMultiAlternatives):
    """An email written with UNFOLDED_HEADERS, whose multipart boundary may be given. Without
    one, the standard library makes a random boundary per message and compiles a new regular
    expression to check it against the parts: a fifth of the time of turning a reminder into
    bytes."""

    boundary: str | None = None

    def message(self):
        message = super().message()
        if self.boundary and message.is_multipart():
            message.set_boundary(self.boundary)
        message.policy = UNFOLDED_HEADERS
        return message


def batch_boundary() -> str:
    """A multipart boundary for a batch of messages: random, so no text guesses it."""
    return f"==waymark-{secrets.token_hex(16)}=="


def build_message(
    email: RenderedEmail,
    *,
    to: str,
    headers: dict[str, str] | None = None,
    boundary: str | None = None,
) -> EmailMultiAlternatives:
    """The text and HTML email; ``boundary`` (:func:`batch_boundary`) separates its parts
    unless either part contains it."""
    message = _Message(
        subject=email.subject,
        body=email.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(email.html, "text/html")
    if boundary and boundary not in email.text and boundary not in email.html:
        message.boundary = boundary
    return message


def send_email(template: str, context: dict, *, to: str, key: str) -> None:
    """Render an email and put it in the outbox (sent by the worker, once per ``key``)."""
    from outbox.services import queue_email

    email = render_email(template, context)
    queue_email(key=key, to=to, subject=email.subject, text=email.text, html=email.html)


def batch_connection():
    """One open-able connection for a batch of messages, with a timeout on every SMTP step."""
    return get_connection(
        fail_silently=False,
        timeout=settings.EMAIL_TIMEOUT or SMTP_TIMEOUT_SECONDS,
    )


class BatchSender:
    """A batch's messages over one connection (:func:`batch_connection`), in two steps so that
    the work of one message can run beside the mail server's answers to another:
    :meth:`prepare` does what needs no server (with Django's SMTP backend: the addresses
    checked and the message turned into bytes, as the backend itself does), :meth:`send`
    only talks to the server. With any other backend (the console, tests' memory) ``send``
    hands it the message. Opened by the first ``send``, so that a server that is down fails
    that message like any other error."""

    def __init__(self) -> None:
        self.connection = batch_connection()
        self._smtp = isinstance(self.connection, SmtpBackend)
        self._senders: dict[tuple[str, str], str] = {}

    def prepare(self, message: EmailMultiAlternatives):
        if not self._smtp:
            return message
        encoding = message.encoding or settings.DEFAULT_CHARSET
        sender = (message.from_email, encoding)
        if sender not in self._senders:  # the same for every message: checked once
            self._senders[sender] = sanitize_address(*sender)
        return (
            self._senders[sender],
            [sanitize_address(address, encoding) for address in message.recipients()],
            message.message().as_bytes(linesep="\r\n"),
        )

    def send(self, prepared) -> None:
        """Send a prepared message; returns once the server has accepted it (250 to the final
        dot of DATA), raises otherwise."""
        self.connection.open()  # opens once; later calls do nothing
        if not self._smtp:
            self.connection.send_messages([prepared])
            return
        from_email, recipients, data = prepared
        self.connection.connection.sendmail(from_email, recipients, data)

    def close(self) -> None:
        self.connection.close()
