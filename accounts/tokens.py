"""API tokens: DRF's own ``Token`` (one per account), revoked whenever trust in it ends.

A token dies when its owner changes or resets their password, when the account is
deactivated, when the owner logs out through the API, and when they revoke it on the
settings page. The next ``POST /api/v1/auth/token/`` issues a new one.

DRF's token rather than django-rest-knox: the token lookup is the hottest authentication
path and stays one precompiled query (accounts/authentication.py), the API promises one
token per account, and revoking is deleting a row, which signals make impossible to forget.
"""

from __future__ import annotations

from django.db.models.signals import post_save, pre_save
from rest_framework.authtoken.models import Token

from accounts.models import User


def issue_token(*, user: User) -> Token:
    """The account's token, made on first use."""
    token, _ = Token.objects.get_or_create(user=user)
    return token


def account_tokens(*, user: User) -> list[Token]:
    """The tokens that can act for this account (at most one), newest first."""
    return list(Token.objects.filter(user=user).order_by("-created"))


def revoke_tokens(*, user: User) -> int:
    """Revoke every token of the account; returns how many there were."""
    count, _ = Token.objects.filter(user=user).delete()
    return count


def revoke_token(*, key: str) -> int:
    count, _ = Token.objects.filter(key=key).delete()
    return count


def _trust_ends(sender, instance: User, **kwargs) -> None:
    """Remember, before saving, whether this save ends the trust in the account's tokens.

    ``set_password`` leaves the new raw password in ``_password`` until the save (a hash
    upgrade at log-in clears it first, so it does not count as a change).
    """
    if instance.pk is None:
        return
    instance._revoke_tokens = getattr(instance, "_password", None) is not None or (
        not instance.is_active and User.objects.filter(pk=instance.pk, is_active=True).exists()
    )


def _revoke_after_save(sender, instance: User, created: bool, **kwargs) -> None:
    if not created and getattr(instance, "_revoke_tokens", False):
        instance._revoke_tokens = False
        revoke_tokens(user=instance)


def connect() -> None:
    pre_save.connect(_trust_ends, sender=User, dispatch_uid="accounts-token-trust-ends")
    post_save.connect(_revoke_after_save, sender=User, dispatch_uid="accounts-token-revoke")
