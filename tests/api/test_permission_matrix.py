"""THE permission matrix: every API endpoint and every UI page, for every role, on the
role's own project and on another project.

Routes are collected from the URL resolver, so a new endpoint or page cannot be
forgotten: an API route (or method) missing from ``API_RULES`` fails the test, and a
UI route whose URL kwargs the walker cannot fill fails too. Each request runs inside a
rolled-back transaction, so writes do not change the world the next request sees.

Expected statuses come from the role table (annotate/core/roles.py). Besides statuses,
every response body is searched for strings the caller must never see: other
annotators' notes, articles not assigned to them, another project's titles.
"""

import json
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotate.core.roles import allows

from .routes import routes
from .world import FORBIDDEN, OWN_USERNAME, Side, World, build_world, project_side, role_in

ROLES = ("lead", "reviewer", "annotator", "viewer", "outsider", "anonymous", "admin")
TARGETS = ("own", "other")

# --- Expected statuses ----------------------------------------------------------------


@dataclass(frozen=True)
class Ctx:
    role: str
    project_role: str | None
    staff: bool
    assigned: bool


@dataclass(frozen=True)
class Rule:
    """Expected outcome of one method on one API route."""

    action: str | None = None  # None: not scoped to a project
    ok: int = 200
    when: Callable[[Ctx], int] | None = None  # refines ``ok`` for allowed roles
    staff_only: bool = False
    anonymous: int = 401


def _assigned_or(status_if_not: int, ok: int = 200):
    return lambda ctx: ok if ctx.assigned else status_if_not


def _reads_annotations(ctx: Ctx) -> int:
    if allows(ctx.project_role, "view_all_annotations") or allows(ctx.project_role, "annotate"):
        return 200
    return 403


def _reads_predictions(ctx: Ctx) -> int:
    # Both projects show suggestions; blind mode is covered in test_annotations_api.
    return _reads_annotations(ctx)


API_RULES: dict[str, dict[str, Rule]] = {
    "api:schema": {"GET": Rule()},
    "api:docs": {"GET": Rule()},
    "api:me": {"GET": Rule()},
    "api:label-schemas": {"GET": Rule(), "POST": Rule(ok=201, staff_only=True)},
    "api:label-schema": {"GET": Rule()},
    "api:projects": {"GET": Rule(), "POST": Rule(ok=201, staff_only=True)},
    "api:project": {"GET": Rule("view_project")},
    "api:members": {"GET": Rule("manage")},
    "api:member": {"PUT": Rule("manage"), "DELETE": Rule("manage", ok=204)},
    "api:articles": {"GET": Rule("view_project")},
    "api:article": {"GET": Rule("view_project")},
    "api:spans": {"GET": Rule("view_project")},
    "api:article-agreement": {"GET": Rule("view_figures")},
    "api:article-submit": {"POST": Rule("annotate", when=_assigned_or(403))},
    "api:adjudications": {"GET": Rule("review")},
    "api:accept-agreed": {"POST": Rule("review")},
    "api:span-annotation": {
        "GET": Rule("annotate", when=_assigned_or(404)),
        "PUT": Rule("annotate", when=_assigned_or(403)),
        "DELETE": Rule("annotate", when=_assigned_or(403, ok=204)),
    },
    "api:span-adjudication": {"GET": Rule("review"), "PUT": Rule("review")},
    "api:span-majority": {"POST": Rule("review")},
    "api:annotations": {"GET": Rule("view_project", when=_reads_annotations)},
    "api:predictions": {"GET": Rule("view_project", when=_reads_predictions)},
    "api:imports": {"GET": Rule("import"), "POST": Rule("import", ok=202)},
    "api:import": {"GET": Rule("import")},
    "api:assignments": {"GET": Rule("review"), "POST": Rule("assign", ok=201)},
    "api:assignments-auto": {"POST": Rule("assign")},
    "api:assignment": {"GET": Rule("review"), "PATCH": Rule("assign")},
    "api:assignment-send-back": {"POST": Rule("review")},
    "api:queue": {"GET": Rule("annotate")},
    "api:review": {"GET": Rule("review")},
    "api:agreement": {"GET": Rule("view_figures")},
    "api:audit": {"GET": Rule("view_audit")},
    "api:exports": {"GET": Rule("export"), "POST": Rule("export", ok=201)},
    # The world's job is a pre-label job, which the export routes do not show: allowed
    # roles get 404 there (served exports are covered in test_exports_api).
    "api:export": {"GET": Rule("export", ok=404)},
    "api:export-download": {"GET": Rule("export", ok=404)},
    "api:export-manifest": {"GET": Rule("export", ok=404)},
    # The catch-all: a JSON 404 for any unknown address, whoever asks.
    "api:not-found": {"GET": Rule(ok=404, anonymous=404)},
}


def expected_api_status(rule: Rule, role: str, target: str) -> int:
    """What the role table says this request must answer."""
    if role == "anonymous":
        return rule.anonymous
    ctx = Ctx(
        role=role,
        project_role=role_in(role, target),
        staff=role == "admin",
        assigned=role in OWN_USERNAME and role_in(role, target) == "annotator",
    )
    if rule.action is None:
        return 403 if rule.staff_only and not ctx.staff else rule.ok
    if ctx.project_role is None:
        return 404
    if not allows(ctx.project_role, rule.action):
        return 403
    return rule.when(ctx) if rule.when else rule.ok


# --- Requests -----------------------------------------------------------------------


# Routes that need a different object than the default for a kwarg.
KWARG_OVERRIDES = {"api:assignment-send-back": {"assignment_id": "submitted_assignment"}}


def fill_kwargs(route_name: str, kwargs: tuple[str, ...], side: Side, world: World) -> dict:
    """Concrete values for a route's URL kwargs, taken from the target project's side."""
    overrides = {
        name: getattr(side, attribute).pk
        for name, attribute in KWARG_OVERRIDES.get(route_name, {}).items()
    }
    values = {
        "slug": side.project.slug,
        "article_id": side.article.pk,
        "span_id": side.span.pk,
        "batch_id": side.batch.pk,
        "job_id": side.job.pk,
        "assignment_id": side.assignment.pk,
        "username": side.other_annotator.username,
        "user_id": side.other_annotator.pk,
        "schema_id": side.project.label_schema_id,
        "token_id": world.token_id,
        **overrides,
    }
    missing = [name for name in kwargs if name not in values]
    assert not missing, f"{route_name}: the walker cannot fill {missing}; add them to fill_kwargs"
    return {name: values[name] for name in kwargs}


def api_payload(route_name: str, method: str, side: Side, caller) -> dict:
    """A valid request body, so an allowed caller's request succeeds."""
    own_version = None
    if caller is not None:
        own = side.span.annotations.filter(annotator=caller).first()
        own_version = own.version if own else None
    payloads = {
        ("api:label-schemas", "POST"): {"name": "New", "labels": [{"name": "x", "key": "x"}]},
        ("api:projects", "POST"): {"name": "New", "slug": "new-project"},
        ("api:member", "PUT"): {"role": "viewer"},
        ("api:span-annotation", "PUT"): {"labels": ["speculative"], "version": own_version},
        ("api:span-adjudication", "PUT"): {"labels": ["attributed"], "note": "gold"},
        ("api:assignments", "POST"): {
            "article": side.article.pk,
            "annotator": side.other_annotator.username,
        },
        ("api:assignment", "PATCH"): {"annotator": side.other_annotator.username},
        ("api:assignment-send-back", "POST"): {"comment": "Look at span 2 again."},
        ("api:assignments-auto", "POST"): {},
    }
    return payloads.get((route_name, method), {})


def api_request(client, route_name: str, method: str, url: str, side: Side, caller):
    if route_name == "api:imports" and method == "POST":
        upload = SimpleUploadedFile("page.txt", b"Titre\n\nIl a dit que oui.")
        return client.post(url, {"file": upload}, format="multipart")
    if route_name == "api:span-annotation" and method == "DELETE":
        own = side.span.annotations.filter(annotator=caller).first() if caller else None
        return client.delete(f"{url}?version={own.version if own else 1}")
    payload = api_payload(route_name, method, side, caller)
    return client.generic(method, url, json.dumps(payload), content_type="application/json")


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run a request, then undo whatever it wrote."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def client_for(role: str, world: World) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def leaks(role: str, body: str) -> list[str]:
    """Planted strings, or other annotators' records, that this role must not see."""
    found = sorted(secret for secret in FORBIDDEN[role] if secret in body)
    own = OWN_USERNAME.get(role)
    if own:
        found += [f"annotator={name}" for name in _annotators_in(body) if name != own]
    return found


def _annotators_in(body: str) -> set[str]:
    try:
        data = json.loads(body)
    except ValueError:
        return set()
    names, stack = set(), [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("annotator"), str):
                names.add(item["annotator"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return names


# --- The API walk -----------------------------------------------------------------------


def api_cases():
    """(route, method) for every API route the resolver knows."""
    cases = []
    for route in routes("api"):
        for method in route.methods or ("GET",):
            cases.append((route, method))
    return cases


def test_every_api_route_and_method_has_a_rule(db):
    found = {(route.name, method) for route, method in api_cases()}
    ruled = {(name, method) for name, methods in API_RULES.items() for method in methods}
    assert found - ruled == set(), "API routes without a rule in API_RULES"
    assert ruled - found == set(), "rules for API routes that no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(role, db):
    world = build_world()
    client = client_for(role, world)
    caller = world.users.get(role)
    problems = []
    for route, method in api_cases():
        rule = API_RULES[route.name][method]
        for target in TARGETS:
            side = world.sides[project_side(role, target)]
            url = reverse(route.name, kwargs=fill_kwargs(route.name, route.kwargs, side, world))
            with rolled_back():
                response = api_request(client, route.name, method, url, side, caller)
            expected = expected_api_status(rule, role, target)
            body = response.content.decode("utf-8", "replace")
            if response.status_code != expected:
                problems.append(f"{method} {url} [{target}]: {response.status_code} != {expected}")
            if response.status_code >= 400 and route.name not in ("api:docs",):
                assert set(response.json()) == {"error"}, f"{method} {url}: {body[:200]}"
            found = leaks(role, body)
            if found:
                problems.append(f"{method} {url} [{target}] leaks {found}")
    assert not problems, f"{role}:\n" + "\n".join(problems)


# --- The UI walk ------------------------------------------------------------------------

# GET pages whose rule is known: route name -> role-table action ("signed_in": any user).
# Pages added later and not listed here are still walked, against the invariants below.
UI_GET_ACTIONS = {
    "ui:projects": "signed_in",
    "ui:tokens": "signed_in",
    "ui:project": "view_project",
    "ui:batch": "import",
    "ui:batch_status": "import",
    "ui:job_status": "prelabel",
    "ui:assignments": "assign",
    "ui:audit": "view_audit",
    "ui:queue": "annotate",
    "ui:review_queue": "review",
    "ui:review_article": "review",
    "ui:agreement": "view_figures",
    "ui:agreement_json": "view_figures",
    "ui:agreement_csv": "view_figures",
    "ui:export": "export",
    # ui:export_download and ui:export_manifest are walked against the invariants only:
    # the world's job is a pre-label job, which they answer with 404.
}
# Pages about one assigned article: members allowed the action but not assigned to it
# may get 403 or 404 (the page decides), never the page itself.
UI_ASSIGNED_ONLY = {"ui:annotate": "annotate"}
# Pages whose GET redirects allowed members elsewhere (the import form lives on the
# project page): route name -> action.
UI_GET_REDIRECTS = {"ui:import": "import"}
PROJECT_KWARGS = {"slug"}


def ui_routes():
    return routes("ui")


def expected_ui_get(route, role: str, target: str) -> set[int]:
    """The statuses a GET of a UI page may answer for this role."""
    scoped = PROJECT_KWARGS & set(route.kwargs)
    if role == "anonymous":
        return {302, 401, 405}  # sign-in redirect; 401 for JSON endpoints; POST-only pages
    project_role = role_in(role, target)
    if scoped and project_role is None:
        return {404, 405}
    action = UI_GET_ACTIONS.get(route.name)
    if action == "signed_in":
        return {200}
    if action:
        return {200} if allows(project_role, action) else {403}
    if route.name in UI_GET_REDIRECTS:
        return {302} if allows(project_role, UI_GET_REDIRECTS[route.name]) else {403}
    if route.name in UI_ASSIGNED_ONLY:
        if not allows(project_role, UI_ASSIGNED_ONLY[route.name]):
            return {403}
        return {200} if role in OWN_USERNAME else {403, 404}
    return {200, 302, 403, 404, 405}  # a page the matrix does not know yet: invariants only


def check_ui_response(response, role: str, label: str, allowed: set[int]) -> list[str]:
    problems = []
    if response.status_code not in allowed:
        problems.append(f"{label}: {response.status_code} not in {sorted(allowed)}")
    to_login = response.get("Location", "").startswith("/accounts/login/")
    if response.status_code == 302 and role == "anonymous" and not to_login:
        problems.append(f"{label}: anonymous redirected to {response['Location']}")
    found = leaks(role, response.content.decode("utf-8", "replace"))
    if found:
        problems.append(f"{label} leaks {found}")
    return problems


def test_ui_walker_fills_every_route(db):
    world = build_world()
    for route in ui_routes():
        fill_kwargs(route.name, route.kwargs, world.sides["own"], world)


@pytest.mark.parametrize("role", ROLES)
def test_ui_matrix(role, db):
    world = build_world()
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    problems = []
    for route in ui_routes():
        targets = TARGETS if PROJECT_KWARGS & set(route.kwargs) else ("own",)
        for target in targets:
            side = world.sides[project_side(role, target)]
            url = reverse(route.name, kwargs=fill_kwargs(route.name, route.kwargs, side, world))
            with rolled_back():
                response = client.get(url)
            allowed = expected_ui_get(route, role, target)
            problems += check_ui_response(response, role, f"GET {url} [{target}]", allowed)
            if role == "anonymous" or role_in(role, target) is None:
                problems += _post_as_stranger(client, url, role, target, route)
    assert not problems, f"{role}:\n" + "\n".join(problems)


def _post_as_stranger(client, url, role, target, route) -> list[str]:
    """Anonymous and non-member POSTs must never get past the door."""
    with rolled_back():
        response = client.post(url, {})
    if role == "anonymous":
        allowed = {302, 401, 403, 405}
    elif PROJECT_KWARGS & set(route.kwargs):
        allowed = {404, 405}
    else:
        return []  # not a project page (tokens): covered by test_tokens
    return check_ui_response(response, role, f"POST {url} [{target}]", allowed)
