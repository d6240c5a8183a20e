"""Fixtures for the API tests: clients authenticated by token or session, a clean cache."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from annotate.services.tokens import create_token


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploaded test files go to a temporary folder, not the project's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _private_cache(settings):
    # Throttle and lockout counters must not leak between tests (nor touch Redis,
    # which colleagues' workers share): a private in-memory cache per test.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "api-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    """An API client sending a fresh token of ``user``."""
    _token, raw_key = create_token(user, "tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw_key}")
    return client


@pytest.fixture
def client_for():
    """Build a token-authenticated client for a user."""
    return token_client
