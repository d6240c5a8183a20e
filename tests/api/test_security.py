"""Security hardening: sign-in lockout (form, admin and API), deployment checks,
upload checks, and one error shape for everything the API refuses."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from annotate.api.uploads import upload_problem
from annotate.models import ImportBatch
from tests import factories

from .conftest import token_client

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"
PASSWORD = "pw-for-tests-1"


@pytest.fixture
def limits(settings, db):
    settings.ANNOTATE_LOGIN_FAILURE_LIMIT = 3
    settings.ANNOTATE_LOGIN_IP_FAILURE_LIMIT = 6
    settings.ANNOTATE_LOGIN_WINDOW_SECONDS = 900
    return settings


def sign_in(client, username, password, ip="10.0.0.1"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


# --- Sign-in lockout ------------------------------------------------------------


def test_form_locks_a_username_after_repeated_failures(client, limits):
    factories.make_user("alice")
    for _ in range(2):
        assert sign_in(client, "alice", "wrong").status_code == 200
    locked = sign_in(client, "alice", "wrong")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    # Even the right password is refused while locked, from any address.
    still = sign_in(client, "alice", PASSWORD, ip="10.9.9.9")
    assert still.status_code == 429
    assert "_auth_user_id" not in client.session


def test_success_before_the_limit_resets_the_username_counter(client, limits):
    factories.make_user("alice")
    sign_in(client, "alice", "wrong")
    sign_in(client, "alice", "wrong")
    assert sign_in(client, "alice", PASSWORD).status_code == 302
    client.logout()
    sign_in(client, "alice", "wrong")
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_unknown_usernames_lock_like_real_ones(client, limits):
    for _ in range(3):
        response = sign_in(client, "nobody-here", "guess")
    assert response.status_code == 429


def test_one_address_guessing_many_usernames_is_locked(client, limits):
    factories.make_user("bob")
    for index in range(6):
        sign_in(client, f"user{index}", "guess", ip="10.0.0.66")
    assert sign_in(client, "bob", PASSWORD, ip="10.0.0.66").status_code == 429
    assert sign_in(client, "bob", PASSWORD, ip="10.0.0.67").status_code == 302


def test_admin_sign_in_honours_the_lock(client, limits):
    factories.make_user("root", is_staff=True, is_superuser=True)
    for _ in range(3):
        sign_in(client, "root", "wrong")
    response = client.post(
        "/admin/login/", {"username": "root", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 200  # the admin form re-rendered: not signed in
    assert "_auth_user_id" not in client.session


def test_api_locks_an_address_guessing_tokens(limits, db):
    user = factories.make_user("scripter")
    good = token_client(user)
    for _ in range(6):
        bad = APIClient(REMOTE_ADDR="10.2.2.2")
        bad.credentials(HTTP_AUTHORIZATION="Token guessed-key")
        assert bad.get("/api/me/", REMOTE_ADDR="10.2.2.2").status_code == 401
    locked = good.get("/api/me/", REMOTE_ADDR="10.2.2.2")
    assert locked.status_code == 429
    error = locked.json()["error"]
    assert error["code"] == "throttled" and "Too many failed sign-in" in error["message"]
    assert error["detail"]["wait"] > 0 and int(locked["Retry-After"]) > 0
    assert good.get("/api/me/", REMOTE_ADDR="10.2.2.3").status_code == 200


def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(limits):
    for index in range(6):
        bad = APIClient()
        bad.credentials(HTTP_AUTHORIZATION="Token guessed-key")
        bad.get("/api/me/", REMOTE_ADDR="10.3.3.3", HTTP_X_FORWARDED_FOR=f"192.0.2.{index}")
    good = token_client(factories.make_user("scripter"))
    forged = good.get("/api/me/", REMOTE_ADDR="10.3.3.3", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert forged.status_code == 429


def test_api_rate_limit_per_user(settings, db):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "3/minute"},
    }
    client = token_client(factories.make_user("busy"))
    statuses = [client.get("/api/me/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/api/me/").json()["error"]["code"] == "throttled"
    other = token_client(factories.make_user("calm"))
    assert other.get("/api/me/").status_code == 200


# --- Deployment settings ----------------------------------------------------------


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "example.org",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    # A browser test's session may have set this for itself; production never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- Uploads ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "problem"),
    [
        ("articles.jsonl", b'{"title": "t", "text": "x"}\n', None),
        ("page.HTML", b"<html><body>x</body></html>", None),
        ("batch.zip", b"PK\x03\x04rest", None),
        ("utf16.txt", "texte".encode("utf-16"), None),
        ("script.py", b"print('hi')", "Only"),
        ("page.html.exe", b"MZ\x90\x00", "Only"),
        ("archive.zip", b"not a zip", "not a zip"),
        ("disguised.csv", b"PK\x03\x04", "binary"),
        ("program.txt", b"\x7fELF\x02\x01", "binary"),
        ("nul.txt", b"abc\x00def", "binary"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_upload_problem(name, head, problem):
    found = upload_problem(name, head)
    assert (found is None) if problem is None else (problem in found)


def upload(client, project, name, content: bytes, **fields):
    url = reverse("api:imports", kwargs={"slug": project.slug})
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(url, {"file": file, **fields}, format="multipart")


def test_upload_of_a_forbidden_type_is_400_and_stores_nothing(project, lead):
    response = upload(token_client(lead), project, "evil.exe", b"MZ\x90\x00")
    assert response.status_code == 400
    assert "Only" in response.json()["error"]["detail"]["file"][0]
    assert not ImportBatch.objects.exists()


def test_upload_over_the_size_limit_is_413(project, lead, settings):
    settings.ANNOTATE_MAX_UPLOAD_BYTES = 100
    response = upload(token_client(lead), project, "big.txt", b"a" * 101)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert not ImportBatch.objects.exists()


def test_oversized_body_is_refused_before_parsing(project, lead, settings):
    settings.ANNOTATE_MAX_UPLOAD_BYTES = 10
    response = upload(token_client(lead), project, "big.txt", b"a" * 100_000)
    assert response.status_code == 413


def test_upload_needs_the_import_role(project, reviewer):
    response = upload(token_client(reviewer), project, "page.txt", b"Titre\n\nTexte.")
    assert response.status_code == 403


def test_json_body_is_refused_for_uploads(project, lead):
    url = reverse("api:imports", kwargs={"slug": project.slug})
    response = token_client(lead).post(url, {"file": "x"}, format="json")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


# --- Error bodies -----------------------------------------------------------------


def assert_error_shape(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "detail"}
    assert error["code"] == code and error["message"]


def test_unknown_api_address_is_a_json_404(lead):
    assert_error_shape(token_client(lead).get("/api/nothing/here/"), 404, "not_found")


def test_unknown_project_is_404(lead):
    assert_error_shape(token_client(lead).get("/api/projects/nope/"), 404, "not_found")


def test_wrong_method_is_405(lead):
    response = token_client(lead).delete(reverse("api:me"))
    assert_error_shape(response, 405, "method_not_allowed")


def test_malformed_json_is_400(db):
    staff = factories.make_user("staff", is_staff=True)
    url = reverse("api:projects")
    response = token_client(staff).generic("POST", url, "{oops", content_type="application/json")
    assert_error_shape(response, 400, "parse_error")


def test_session_writes_need_csrf(project, lead):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(lead)
    url = reverse("api:member", kwargs={"slug": project.slug, "username": "lead"})
    response = client.put(url, {"role": "viewer"}, format="json")
    assert_error_shape(response, 403, "forbidden")
    assert "CSRF" in response.json()["error"]["message"]


# --- API docs ---------------------------------------------------------------------


def test_docs_page_loads_vendored_swagger_ui_not_a_cdn(client, lead):
    client.force_login(lead)
    page = client.get(reverse("api:docs")).content.decode()
    assert "/static/annotate/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page
    vendored = ROOT / "annotate/static/annotate/vendor/swagger-ui"
    assert (vendored / "swagger-ui-bundle.js").stat().st_size > 100_000


def test_schema_needs_authentication(client, lead):
    assert client.get(reverse("api:schema")).status_code in (401, 403)
    client.force_login(lead)
    assert client.get(reverse("api:schema")).status_code == 200
