"""The transactional outbox: emails and background tasks written to the database first.

A web request never talks to the mail server or depends on the broker: it writes a row in
its own transaction, and the worker delivers from the rows. A row that no message reached
(the broker was down when the request committed) is picked up by the sweep.
"""

from django.db import models
from django.utils import timezone


class EmailStatus(models.TextChoices):
    """Pending until the worker's send is accepted; failed after the last retry."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Email(models.Model):
    """One message to one address, sent at most once per ``key``."""

    to = models.EmailField()
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField(blank=True)
    key = models.CharField(
        max_length=200,
        unique=True,
        help_text="What the message is about, e.g. mentor_invitation:42: the same key is "
        "never queued twice.",
    )
    message_id = models.CharField(max_length=200, help_text="Stable across retries.")
    status = models.CharField(
        max_length=7, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # A worker that is sending holds the row until then; a dead worker's claim runs out.
    claimed_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.key} → {self.to} ({self.status})"


class PendingTask(models.Model):
    """A task that could not be published (the broker was down); published by the sweep."""

    name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name}{tuple(self.args)}"
