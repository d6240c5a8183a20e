"""Property-based run of the live OpenAPI schema with schemathesis, in-process (WSGI).

Authenticated as a project lead by token, with path parameters pinned to real objects
so requests reach the views rather than 404s. Every GET, and the POST/PUT operations
that do not upload files or create site-wide objects, get up to 20 generated examples
each; the run must find no server error and no response that breaks the schema
(status code, content type, body).
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from annotate.services.tokens import create_token

from .world import build_world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 20


@pytest.fixture
def keep_test_connection():
    # Django's WSGI handler closes the connection at each request's end, which would
    # drop the test's transaction; the test client avoids this the same way.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(db, keep_test_connection):
    world = build_world()
    own = world.sides["own"]
    _token, raw_key = create_token(world.users["lead"], "schemathesis")
    auth = {"Authorization": f"Token {raw_key}"}
    config = schemathesis.Config.from_dict(
        {
            "headers": auth,
            "parameters": {
                "slug": own.project.slug,
                "article_id": own.article.pk,
                "span_id": own.span.pk,
                "batch_id": own.batch.pk,
                "assignment_id": own.assignment.pk,
                "username": own.other_annotator.username,
                "schema_id": own.project.label_schema_id,
            },
            "generation": {"max-examples": MAX_EXAMPLES},
            "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        }
    )
    loaded = schemathesis.openapi.from_wsgi(
        "/api/schema/", get_wsgi_application(), config=config, headers=auth
    )
    # Uploads run the import pipeline and membership removal changes who the lead is
    # working with; both have dedicated tests.
    return (
        loaded.include(method=["GET", "POST", "PUT"])
        .exclude(path="/api/projects/{slug}/imports/", method="POST")
        .exclude(path="/api/projects/{slug}/members/{username}/", method="PUT")
    )


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_api_matches_its_schema(case):
    case.call_and_validate(checks=CHECKS)
