"""DRF authentication by personal API token: `Authorization: Bearer alpr_...`."""

from rest_framework import authentication, exceptions

from accounts.models import TOKEN_PREFIX
from accounts.services import api_token_lookup


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _, token = header.partition(" ")
        if scheme != self.keyword or not token.strip().startswith(TOKEN_PREFIX):
            return None  # not ours: another scheme (e.g. a camera secret) may claim it
        api_token = api_token_lookup(token.strip())
        if api_token is None:
            raise exceptions.AuthenticationFailed(
                "The token is unknown, expired or revoked; request a new one.",
                code="invalid_token",
            )
        if not api_token.user.is_active:
            raise exceptions.AuthenticationFailed("This account cannot sign in.", code="inactive")
        return api_token.user, api_token

    def authenticate_header(self, request):
        return self.keyword
