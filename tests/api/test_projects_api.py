"""Projects, members and label schemas through the API (writes go through services)."""

from django.db.models import Q
from django.urls import reverse

from annotate.models import AuditEvent, LabelSchema, Membership, Project
from tests import factories

from .conftest import token_client


def test_projects_list_shows_only_mine_with_my_role(project, lead, annotators):
    factories.make_project("secret-other", lead=factories.make_user("lead-b"))
    response = token_client(annotators[0]).get(reverse("api:projects"))
    rows = response.json()["results"]
    assert [(p["slug"], p["my_role"]) for p in rows] == [("demo", "annotator")]


def test_site_admin_sees_every_project_as_lead(project):
    factories.make_project("secret-other", lead=factories.make_user("lead-b"))
    admin = factories.make_user("root", is_staff=True, is_superuser=True)
    rows = token_client(admin).get(reverse("api:projects")).json()["results"]
    assert {(p["slug"], p["my_role"]) for p in rows} == {("demo", "lead"), ("secret-other", "lead")}


def test_only_staff_create_projects_and_become_their_lead(lead, db):
    payload = {"name": "Press 2025", "slug": "press-2025", "overlap": 3}
    refused = token_client(lead).post(reverse("api:projects"), payload, format="json")
    assert refused.status_code == 403
    staff = factories.make_user("staff", is_staff=True)
    created = token_client(staff).post(reverse("api:projects"), payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["my_role"] == "lead" and created.json()["overlap"] == 3
    project = Project.objects.get(slug="press-2025")
    assert Membership.objects.get(project=project).user == staff


def test_duplicate_slug_is_a_service_error(project, db):
    staff = factories.make_user("staff", is_staff=True)
    payload = {"name": "Again", "slug": "demo"}
    response = token_client(staff).post(reverse("api:projects"), payload, format="json")
    assert response.status_code == 400
    assert "exists already" in response.json()["error"]["message"]


def member_url(project, username):
    return reverse("api:member", kwargs={"slug": project.slug, "username": username})


def test_lead_sets_and_removes_roles_and_it_is_audited(project, lead):
    newcomer = factories.make_user("newcomer")
    client = token_client(lead)
    response = client.put(member_url(project, "newcomer"), {"role": "reviewer"}, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "username": "newcomer",
        "role": "reviewer",
        "created_at": response.json()["created_at"],
    }
    client.put(member_url(project, "newcomer"), {"role": "viewer"}, format="json")
    members = client.get(reverse("api:members", kwargs={"slug": project.slug})).json()["results"]
    assert {(m["username"], m["role"]) for m in members} == {
        ("lead", "lead"),
        ("newcomer", "viewer"),
    }
    assert client.delete(member_url(project, "newcomer")).status_code == 204
    assert not Membership.objects.filter(user=newcomer).exists()
    trail = AuditEvent.objects.filter(project=project, object_type="membership", actor=lead).filter(
        Q(after__user="newcomer") | Q(before__user="newcomer")
    )
    assert list(trail.order_by("pk").values_list("action", flat=True)) == [
        "create",
        "update",
        "delete",
    ]


def test_members_endpoints_are_for_leads_only(project, reviewer):
    client = token_client(reviewer)
    assert client.get(reverse("api:members", kwargs={"slug": project.slug})).status_code == 403
    response = client.put(member_url(project, "rev1"), {"role": "lead"}, format="json")
    assert response.status_code == 403
    assert Membership.objects.get(user=reviewer).role == "reviewer"


def test_unknown_role_and_unknown_user(project, lead):
    client = token_client(lead)
    bad_role = client.put(member_url(project, "lead"), {"role": "owner"}, format="json")
    assert bad_role.status_code == 400 and "role" in bad_role.json()["error"]["detail"]
    ghost = client.put(member_url(project, "ghost"), {"role": "viewer"}, format="json")
    assert ghost.status_code == 404


SCHEMA = {
    "name": "Short",
    "labels": [
        {"name": "reported", "key": "r", "exclusive": True, "colour": "#112233"},
        {"name": "denied", "key": "d"},
    ],
}


def test_staff_create_label_schemas_audited(db):
    staff = factories.make_user("staff", is_staff=True)
    response = token_client(staff).post(reverse("api:label-schemas"), SCHEMA, format="json")
    assert response.status_code == 201, response.json()
    labels = response.json()["labels"]
    assert [(lab["name"], lab["exclusive"], lab["order"]) for lab in labels] == [
        ("reported", True, 0),
        ("denied", False, 1),
    ]
    event = AuditEvent.objects.get(object_type="labelschema", actor=staff)
    assert event.after == {"name": "Short", "labels": ["reported", "denied"]}


def test_label_schema_validation(db):
    staff = factories.make_user("staff", is_staff=True)
    client = token_client(staff)
    duplicate_keys = {
        "name": "Dup",
        "labels": [{"name": "a", "key": "x"}, {"name": "b", "key": "x"}],
    }
    response = client.post(reverse("api:label-schemas"), duplicate_keys, format="json")
    assert response.status_code == 400 and "unique" in response.json()["error"]["message"]
    bad_colour = {"name": "Bad", "labels": [{"name": "a", "key": "x", "colour": "red"}]}
    response = client.post(reverse("api:label-schemas"), bad_colour, format="json")
    assert response.status_code == 400
    assert "colour" in response.json()["error"]["detail"]["labels"]["0"]
    client.post(reverse("api:label-schemas"), SCHEMA, format="json")
    again = client.post(reverse("api:label-schemas"), SCHEMA, format="json")
    assert again.status_code == 400 and "name" in again.json()["error"]["detail"]
    assert LabelSchema.objects.filter(name="Short").count() == 1


def test_non_staff_see_only_their_projects_schemas(project, annotators):
    factories.make_user("staff", is_staff=True)
    staff_client = token_client(factories.make_user("staff2", is_staff=True))
    staff_client.post(reverse("api:label-schemas"), SCHEMA, format="json")
    response = token_client(annotators[0]).get(reverse("api:label-schemas"))
    names = [s["name"] for s in response.json()["results"]]
    assert names == [project.label_schema.name]
    short = LabelSchema.objects.get(name="Short")
    url = reverse("api:label-schema", kwargs={"schema_id": short.pk})
    assert token_client(annotators[0]).get(url).status_code == 404
    refused = token_client(annotators[0]).post(reverse("api:label-schemas"), SCHEMA, format="json")
    assert refused.status_code == 403
