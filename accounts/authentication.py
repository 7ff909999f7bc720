"""API authentication by token, with the lookup every token request pays for made cheap."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from config.precompiled import Precompiled

TOKEN_USER = Precompiled(
    lambda key: get_user_model().objects.filter(auth_token__key=key), placeholder=""
)


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, reading the token's user with one precompiled query."""

    def authenticate_credentials(self, key):
        user = TOKEN_USER.first_object(key)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, self.get_model()(key=key, user=user)
