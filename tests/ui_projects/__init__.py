"""Tests of the project lead's pages."""

import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hashing a password takes seconds on a busy machine and these tests create many
    users; what they check does not depend on the hasher. Import it to use it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
