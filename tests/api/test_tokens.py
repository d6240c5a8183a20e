"""API tokens: hashed storage, authentication, revocation and the tokens page."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotate.models import ApiToken, AuditEvent
from annotate.services.errors import NotFound
from annotate.services.tokens import create_token, hash_key, revoke_token
from tests import factories

ME = "/api/me/"


def bearer(raw_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw_key}")
    return client


@pytest.fixture
def user(db):
    return factories.make_user("scripter")


def test_only_the_hash_of_a_key_is_stored(user):
    token, raw_key = create_token(user, "nightly")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_key(raw_key) != raw_key
    assert raw_key not in {stored.key_hash, stored.prefix, stored.name}
    assert stored.prefix == raw_key[:8] and len(raw_key) >= 40
    audit = AuditEvent.objects.get(object_type="apitoken")
    assert raw_key not in str(audit.after) and audit.after["prefix"] == stored.prefix


def test_token_authenticates_and_records_last_use(user):
    token, raw_key = create_token(user, "nightly")
    response = bearer(raw_key).get(ME)
    assert response.status_code == 200
    assert response.json()["username"] == "scripter"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_is_401_in_the_shared_shape(user):
    token, raw_key = create_token(user, "nightly")
    revoke_token(user, token.pk)
    response = bearer(raw_key).get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    error = response.json()["error"]
    assert error["code"] == "authentication_failed"
    assert "revoked" in error["message"]


def test_unknown_key_and_malformed_header_are_401(user):
    assert bearer("not-a-real-key").get(ME).status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token two parts")
    assert client.get(ME).status_code == 401


def test_no_credentials_is_401_not_authenticated(db):
    response = APIClient().get(ME)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_inactive_users_token_no_longer_works(user):
    _token, raw_key = create_token(user, "nightly")
    user.is_active = False
    user.save()
    assert bearer(raw_key).get(ME).status_code == 401


def test_a_user_cannot_revoke_someone_elses_token(user):
    token, raw_key = create_token(user, "nightly")
    other = factories.make_user("other")
    with pytest.raises(NotFound):
        revoke_token(other, token.pk)
    assert bearer(raw_key).get(ME).status_code == 200


def test_tokens_page_shows_the_raw_key_once(client, user):
    client.force_login(user)
    created = client.post(reverse("ui:tokens"), {"name": "export script"})
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    page = created.content.decode()
    raw_key = re.search(r'id="new-key"[^>]*value="([^"]+)"', page).group(1)
    token = ApiToken.objects.get(user=user)
    assert hash_key(raw_key) == token.key_hash
    assert "shown only once" in page
    listing = client.get(reverse("ui:tokens")).content.decode()
    assert raw_key not in listing and token.prefix in listing and "export script" in listing


def test_tokens_page_needs_a_name(client, user):
    client.force_login(user)
    response = client.post(reverse("ui:tokens"), {"name": "  "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_tokens_page_revokes_own_tokens_only(client, user):
    token, raw_key = create_token(user, "nightly")
    other = factories.make_user("other")
    client.force_login(other)
    url = reverse("ui:token-revoke", kwargs={"token_id": token.pk})
    assert client.post(url).status_code == 404
    client.force_login(user)
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer(raw_key).get(ME).status_code == 401


def test_tokens_page_needs_sign_in(client, db):
    response = client.get(reverse("ui:tokens"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
