"""Shared fixtures. Tests that need the database ask for ``db`` (or a fixture using it)."""

from pathlib import Path

import pytest

from tests import factories
from tests.browser import chromium, new_page  # noqa: F401  (shared browser fixtures)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
# The spec's sample, read from ../shared when the checkout sits beside it, else from the
# copy kept in tests/data (a clone elsewhere, e.g. under /tmp, must still test it).
SHARED_SAMPLES = SHARED / "samples"
VENDORED_SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
SAMPLES = SHARED_SAMPLES if SHARED_SAMPLES.is_dir() else VENDORED_SAMPLES
SAMPLE_PAGE = SAMPLES / "ukraine-entretiens-confidentiels.txt"
SAMPLE_GOLD = SAMPLES / "ukraine-entretiens-confidentiels.gold.jsonl"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashers cost ~1 s per password on a busy 2-core machine; tests need none of it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def lead(db):
    return factories.make_user("lead")


@pytest.fixture
def project(lead):
    return factories.make_project("demo", lead=lead)


@pytest.fixture
def annotators(project):
    return [factories.member(project, "annotator", name) for name in ("ann1", "ann2")]


@pytest.fixture
def reviewer(project):
    return factories.member(project, "reviewer", "rev1")
