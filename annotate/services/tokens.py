"""API tokens for scripts: created, checked and revoked here; only their hash is stored.

A raw key is shown to its owner once, when it is created. The database keeps the
SHA-256 of the key, so a leaked database or backup does not hand out working keys.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from annotate.models import ApiToken

from . import audit
from .errors import InvalidRequest, NotFound

# 32 random bytes: guessing a key is hopeless, so the hash needs no salt or stretching.
KEY_BYTES = 32
PREFIX_LENGTH = 8
NAME_MAX_LENGTH = 100
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_key(raw_key: str) -> str:
    """The stored form of a raw key."""
    return hashlib.sha256(raw_key.encode("utf-8")).hexdigest()


def _public(token: ApiToken) -> dict:
    return {"name": token.name, "prefix": token.prefix, "user": token.user.username}


@transaction.atomic
def create_token(user, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns it with the raw key, which is never stored."""
    name = (name or "").strip()
    if not name:
        raise InvalidRequest("Give the token a name, e.g. the script that will use it.")
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidRequest(f"A token name has at most {NAME_MAX_LENGTH} characters.")
    raw_key = secrets.token_urlsafe(KEY_BYTES)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw_key[:PREFIX_LENGTH], key_hash=hash_key(raw_key)
    )
    audit.record(user, None, "create", token, None, _public(token))
    return token, raw_key


@transaction.atomic
def revoke_token(user, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s tokens; revoking twice keeps the first revocation time."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound("No such token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(user, None, "update", token, _public(token), {"revoked": True})
    return token


def token_for_key(raw_key: str) -> ApiToken | None:
    """The live token whose key is ``raw_key`` (None for unknown, revoked or inactive)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(raw_key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    _touch(token)
    return token


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
