"""Token authentication for scripts: ``Authorization: Token <key>``.

Keys are looked up by their SHA-256 (services.tokens). Failed keys count against the
client's address in the same lockout as failed passwords, so the API cannot be used
to guess keys (or to get round a sign-in lockout).
"""

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from annotate.services import login_throttle, tokens

KEYWORD = "Token"


class ApiTokenAuthentication(BaseAuthentication):
    """Authenticate a request by an API token; returns (user, ApiToken)."""

    def authenticate(self, request):
        """Return (user, token), None when no token is offered, or raise."""
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Malformed Authorization header; send 'Authorization: Token <key>'."
            )
        ip = login_throttle.client_ip(request)
        locked_for = login_throttle.lockout_seconds(ip=ip)
        if locked_for:
            raise exceptions.Throttled(
                wait=locked_for, detail=login_throttle.lock_message(locked_for)
            )
        token = tokens.token_for_key(parts[1].decode("latin-1"))
        if token is None:
            login_throttle.record_failure(ip=ip)
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return token.user, token

    def authenticate_header(self, request):
        """Makes unauthenticated requests answer 401 with this challenge."""
        return KEYWORD
