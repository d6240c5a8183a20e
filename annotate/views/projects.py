"""Project pages: the project list, a project's overview, imports, pre-label jobs,
assignments and members, and the audit log.

Views only translate HTTP: reads go through annotate.selectors.projects, writes
through the services, and service errors become 404 (outsiders), 403 (wrong role)
or a message on the page (a request the service refused).
"""

from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotate.core.readers import FORMAT_BY_EXTENSION
from annotate.core.roles import PERMISSIONS, allows
from annotate.models import Job, Project, Role
from annotate.selectors import projects as reads
from annotate.selectors.access import project_for, require, role_of
from annotate.services.assignments import assign, assign_articles, reassign
from annotate.services.errors import InvalidRequest, NotFound
from annotate.services.imports import create_batch, enqueue_batch
from annotate.services.prelabel import start_prelabel
from annotate.services.projects import create_project, remove_membership, set_membership
from annotate.views.errors import page_errors

MATRIX_PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 50
BATCH_ARTICLES_PAGE_SIZE = 100
ACCEPTED_EXTENSIONS = tuple(sorted({*FORMAT_BY_EXTENSION, ".zip"}))
AUTO_LANGUAGE = "auto"
# The pages colleagues serve under a project, with the action that shows the link.
PROJECT_LINKS = (
    ("queue", "My queue", "annotate"),
    ("review", "Review", "review"),
    ("agreement", "Agreement", "view_figures"),
    ("export", "Export", "export"),
    ("assignments", "Assignments and members", "assign"),
    ("audit", "Audit log", "view_audit"),
)
# Which action lets a member follow a job's progress, by job kind.
JOB_ACTIONS = {Job.Kind.PRELABEL: "prelabel", Job.Kind.EXPORT: "export"}


def _attempt(request, work) -> bool:
    """Run ``work() -> message``; a refused request becomes an error message instead."""
    try:
        message = work()
    except InvalidRequest as error:
        messages.error(request, error.message)
        return False
    messages.success(request, message)
    return True


# ---------------------------------------------------------------- forms


class ProjectForm(forms.Form):
    """A new project (site staff only)."""

    name = forms.CharField(max_length=200)
    slug = forms.SlugField(max_length=80, help_text="Letters, digits and hyphens; used in URLs.")
    language = forms.ChoiceField(choices=Project.Language.choices)
    overlap = forms.IntegerField(
        min_value=1, max_value=20, initial=2, help_text="How many annotators label each article."
    )
    show_suggestions = forms.BooleanField(
        required=False, initial=True, label="Show pre-label suggestions to annotators"
    )
    prelabel_on_import = forms.BooleanField(
        required=False, initial=True, label="Pre-label articles when they are imported"
    )


class ImportForm(forms.Form):
    """An article file to import, with how to read it."""

    file = forms.FileField()
    language = forms.ChoiceField(
        choices=[(AUTO_LANGUAGE, "Detect automatically"), *Project.Language.choices],
        initial=AUTO_LANGUAGE,
    )
    skip_invalid = forms.BooleanField(required=False, label="Import valid rows and report the rest")
    prelabel = forms.BooleanField(required=False, label="Pre-label the imported articles")

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        upload = self.fields["file"]
        upload.widget.attrs["accept"] = ",".join(ACCEPTED_EXTENSIONS)
        # Read per form, not at import time, so a changed limit shows at once.
        upload.help_text = (
            "Plain text, HTML, JSONL, CSV, or a zip of those; at most "
            f"{settings.ANNOTATE_MAX_UPLOAD_BYTES:,} bytes."
        )
        field = self.fields["prelabel"]
        field.initial = project.prelabel_on_import
        if not project.prelabel_on_import:
            # The import service only pre-labels when the project allows it.
            field.disabled = True
            field.help_text = "Pre-labelling on import is switched off for this project."

    def clean_file(self):
        """Refuse oversize and unknown files before anything is read or stored."""
        upload = self.cleaned_data["file"]
        limit = settings.ANNOTATE_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise ValidationError(
                f"{upload.name} is {upload.size:,} bytes, over the {limit:,}-byte upload "
                "limit. Split it into smaller files and import them one by one."
            )
        if PurePosixPath(upload.name).suffix.lower() not in ACCEPTED_EXTENSIONS:
            raise ValidationError(
                f"{upload.name} is not a file type the import reads "
                f"({', '.join(ACCEPTED_EXTENSIONS)})."
            )
        return upload


# ---------------------------------------------------------------- project list


@require_http_methods(["GET", "POST"])
@login_required
def project_list(request):
    """The user's projects with headline progress; staff may create a project here."""
    form = None
    if request.user.is_staff:
        form = ProjectForm(request.POST or None)
    elif request.method == "POST":
        raise PermissionDenied("Only site staff create projects.")
    if form is not None and form.is_bound:
        project = _create_project(request, form)
        if project is not None:
            messages.success(request, f"Project “{project.name}” created; you lead it.")
            return redirect("ui:project", slug=project.slug)
    context = {"rows": reads.project_rows(request.user), "form": form}
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "annotate/project_list.html", context, status=status)


def _create_project(request, form: ProjectForm) -> Project | None:
    if not form.is_valid():
        return None
    try:
        return create_project(created_by=request.user, **form.cleaned_data)
    except InvalidRequest as error:
        form.add_error(None, error.message)
        return None


# ---------------------------------------------------------------- project page


@require_GET
@login_required
@page_errors
def project_page(request, slug):
    """Progress overview, links by role, imports and pre-label jobs."""
    project = project_for(request.user, slug, "view_project")
    return _render_project(request, project)


def _render_project(request, project: Project, import_form=None, status: int = 200):
    role = role_of(request.user, project)
    allowed = {action: allows(role, action) for action in PERMISSIONS}
    context = {
        "project": project,
        "role": Role(role).label,
        "allowed": allowed,
        "links": [
            (f"/p/{project.slug}/{page}/", label)
            for page, label, action in PROJECT_LINKS
            if allowed[action]
        ],
    }
    if allowed["view_figures"]:
        context["overview"] = reads.project_overview(project)
    if allowed["import"]:
        context["import_form"] = import_form or ImportForm(project=project)
        context["batches"] = reads.recent_batches(project)
    if allowed["prelabel"]:
        jobs = reads.recent_jobs(project)
        context["jobs"] = [(job, reads.job_status(job)) for job in jobs]
    return render(request, "annotate/project.html", context, status=status)


# ---------------------------------------------------------------- imports


@require_http_methods(["GET", "POST"])
@login_required
@page_errors
def import_upload(request, slug):
    """Store an uploaded file as a batch and queue its import; GET shows the form."""
    project = project_for(request.user, slug, "import")
    if request.method == "GET":
        return redirect(reverse("ui:project", args=[project.slug]) + "#import")
    form = ImportForm(request.POST, request.FILES, project=project)
    if not form.is_valid():
        return _render_project(request, project, import_form=form, status=400)
    batch = _start_import(request.user, project, form.cleaned_data)
    messages.success(request, f"{batch.file_name} uploaded for import.")
    return redirect("ui:batch", slug=project.slug, batch_id=batch.pk)


def _start_import(user, project: Project, data: dict):
    upload = data["file"]
    language = "" if data["language"] == AUTO_LANGUAGE else data["language"]
    # The worker is queued on commit, so it never looks for a batch not yet stored.
    with transaction.atomic():
        batch = create_batch(
            project,
            upload.name,
            upload.read(),
            user=user,
            skip_invalid=data["skip_invalid"],
            language=language,
            prelabel=data["prelabel"],
        )
        enqueue_batch(batch)
    return batch


@require_GET
@login_required
@page_errors
def batch_page(request, slug, batch_id):
    """One import batch: live progress, its problems, then the articles it imported."""
    project = project_for(request.user, slug, "import")
    batch = reads.batch_for(project, batch_id)
    status = reads.batch_status(batch)
    articles = None
    if batch.n_imported:
        paginator = Paginator(reads.batch_articles(batch), BATCH_ARTICLES_PAGE_SIZE)
        articles = paginator.get_page(request.GET.get("page"))
    context = {"project": project, "batch": batch, "status": status, "articles": articles}
    return render(request, "annotate/import_batch.html", context)


@require_GET
@never_cache
@login_required
@page_errors
def batch_json(request, slug, batch_id):
    """The batch's progress as JSON, polled by project.js."""
    project = project_for(request.user, slug, "import")
    return JsonResponse(reads.batch_status(reads.batch_for(project, batch_id)))


# ---------------------------------------------------------------- pre-label jobs


@require_POST
@login_required
@page_errors
def prelabel_now(request, slug):
    """Start pre-labelling every article of the project."""
    project = project_for(request.user, slug, "prelabel")
    job = start_prelabel(project, user=request.user)
    messages.success(request, f"Pre-label job {job.pk} started over {job.total} article(s).")
    return redirect(reverse("ui:project", args=[project.slug]) + "#prelabel")


@require_GET
@never_cache
@login_required
@page_errors
def job_json(request, slug, job_id):
    """A job's progress (done/total articles, errors) as JSON."""
    project = project_for(request.user, slug, "view_project")
    job = reads.job_for(project, job_id)
    require(request.user, project, JOB_ACTIONS.get(job.kind, "manage"))
    return JsonResponse(reads.job_status(job))


# ---------------------------------------------------------------- assignments


@require_GET
@login_required
@page_errors
def assignments_page(request, slug):
    """Who holds which article (one page of articles at a time), and the members."""
    project = project_for(request.user, slug, "assign")
    people = list(reads.annotators(project))
    page = Paginator(reads.matrix_articles(project), MATRIX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "project": project,
        "people": people,
        "rows": reads.assignment_matrix(list(page.object_list), people),
        "page": page,
        "members": reads.members(project),
        "roles": Role.choices,
        "overview": reads.annotator_progress(project),
    }
    return render(request, "annotate/assignments.html", context)


def _back_to_assignments(request, project: Project, anchor: str = ""):
    target = reverse("ui:assignments", args=[project.slug])
    page = request.POST.get("page", "")
    if page.isdigit():
        target += f"?page={page}"
    return redirect(target + anchor)


@require_POST
@login_required
@page_errors
def assign_unassigned(request, slug):
    """Give every article the project's overlap of annotators, least loaded first."""
    project = project_for(request.user, slug, "assign")

    def work():
        made = assign_articles(project, actor=request.user)
        return f"{made} assignment(s) made." if made else "Every article has its annotators."

    _attempt(request, work)
    return _back_to_assignments(request, project)


@require_POST
@login_required
@page_errors
def assign_one(request, slug):
    """Assign one article to one annotator by hand."""
    project = project_for(request.user, slug, "assign")
    article = reads.article_for(project, _int(request.POST.get("article")))
    annotator = reads.member_for(project, _int(request.POST.get("annotator")))

    def work():
        assign(article, annotator, actor=request.user)
        return f"Article {article.pk} assigned to {annotator.username}."

    _attempt(request, work)
    return _back_to_assignments(request, project)


@require_POST
@login_required
@page_errors
def reassign_view(request, slug, assignment_id):
    """Move an unsubmitted assignment to another annotator."""
    project = project_for(request.user, slug, "assign")
    assignment = reads.assignment_for(project, assignment_id)
    annotator = reads.member_for(project, _int(request.POST.get("annotator")))
    before = assignment.annotator.username

    def work():
        reassign(assignment, annotator, actor=request.user)
        return f"Article {assignment.article_id} moved from {before} to {annotator.username}."

    _attempt(request, work)
    return _back_to_assignments(request, project)


def _int(value) -> int:
    """A posted id; anything else names nothing (404)."""
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise NotFound("No such item.") from error


# ---------------------------------------------------------------- members


@require_POST
@login_required
@page_errors
def member_set(request, slug):
    """Add an existing user by username, or change a member's role."""
    project = project_for(request.user, slug, "manage")
    if request.POST.get("user"):
        user = reads.member_for(project, _int(request.POST.get("user")))
    else:
        user = reads.active_user_named(request.POST.get("username", ""))
    if user is None:
        messages.error(request, "No active user has that username.")
        return _back_to_assignments(request, project, "#members")
    role = request.POST.get("role", "")

    def work():
        set_membership(project, user, role, actor=request.user)
        return f"{user.username} is now {Role(role).label.lower()}."

    _attempt(request, work)
    return _back_to_assignments(request, project, "#members")


@require_POST
@login_required
@page_errors
def member_remove(request, slug, user_id):
    """Take a member out of the project; their annotations stay."""
    project = project_for(request.user, slug, "manage")
    user = reads.member_for(project, user_id)

    def work():
        remove_membership(project, user, actor=request.user)
        return f"{user.username} was removed from the project."

    _attempt(request, work)
    return _back_to_assignments(request, project, "#members")


# ---------------------------------------------------------------- audit


@require_GET
@login_required
@page_errors
def audit_page(request, slug):
    """The project's audit trail, newest first, a page at a time."""
    project = project_for(request.user, slug, "view_audit")
    page = Paginator(reads.audit_events(project), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"project": project, "page": page, "rows": reads.audit_rows(page.object_list)}
    return render(request, "annotate/audit.html", context)


_P = "p/<slug:slug>/"
urlpatterns = [
    path("", project_list, name="projects"),
    path(_P, project_page, name="project"),
    path(_P + "imports/", import_upload, name="import"),
    path(_P + "imports/<int:batch_id>/", batch_page, name="batch"),
    path(_P + "imports/<int:batch_id>.json", batch_json, name="batch_status"),
    path(_P + "prelabel/", prelabel_now, name="prelabel"),
    path(_P + "jobs/<int:job_id>.json", job_json, name="job_status"),
    path(_P + "assignments/", assignments_page, name="assignments"),
    path(_P + "assignments/auto/", assign_unassigned, name="assign_unassigned"),
    path(_P + "assignments/assign/", assign_one, name="assign_one"),
    path(_P + "assignments/<int:assignment_id>/reassign/", reassign_view, name="reassign"),
    path(_P + "members/", member_set, name="member_set"),
    path(_P + "members/<int:user_id>/remove/", member_remove, name="member_remove"),
    path(_P + "audit/", audit_page, name="audit"),
]
