"""The export page: start a dataset export, follow it, download its file and manifest.

Views only translate HTTP: the export is started by annotate.services.exports, jobs and
their files are found by annotate.selectors.exports, and service errors become 404
(outsiders), 403 (wrong role), 409 (not done yet) or a form error.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from annotate.core.export import FORMATS
from annotate.models import Job, Project
from annotate.selectors import projects as project_reads
from annotate.selectors.access import project_for
from annotate.selectors.export_records import ExportFilters
from annotate.selectors.exports import (
    download_name,
    download_type,
    export_format,
    finished_export,
    manifest_path,
    recent_exports,
)
from annotate.services.errors import InvalidRequest
from annotate.services.exports import download_path, start_export
from annotate.views.errors import page_errors

# Krippendorff's alpha runs from -1 (systematic disagreement) to 1.
ALPHA_MIN, ALPHA_MAX = -1.0, 1.0
SEED_MAX = 2**31 - 1
# The filters the page lays out one per line (the others have their own markup).
LINE_FILTERS = (
    "min_agreement",
    "outlet",
    "language",
    "annotator",
    "published_from",
    "published_to",
)


class DateInput(forms.DateInput):
    """A native date picker."""

    input_type = "date"


class ExportForm(forms.Form):
    """What to export and how; every filter is optional and they combine with AND."""

    format = forms.ChoiceField(
        choices=[(name, f"{name} — {spec.description}") for name, spec in FORMATS.items()],
        initial="jsonl",
        help_text="Folder formats (hf, brat) download as a zip that includes the manifest.",
    )
    adjudicated_only = forms.BooleanField(
        required=False, label="Only spans with a gold (adjudicated) decision"
    )
    min_agreement = forms.FloatField(
        required=False,
        min_value=ALPHA_MIN,
        max_value=ALPHA_MAX,
        label="Minimum article agreement",
        help_text="Krippendorff's alpha, from -1 to 1; leave empty for every article.",
        widget=forms.NumberInput(attrs={"step": "0.05"}),
    )
    labels = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Only spans with these labels",
        help_text="None ticked: every span.",
    )
    outlet = forms.CharField(required=False, max_length=300, label="Outlet")
    language = forms.ChoiceField(
        required=False, choices=[("", "Any language"), *Project.Language.choices]
    )
    annotator = forms.ChoiceField(
        required=False, label="Only this annotator's articles and annotations"
    )
    published_from = forms.DateField(required=False, label="Published from", widget=DateInput)
    published_to = forms.DateField(required=False, label="Published until", widget=DateInput)
    pseudonymise = forms.BooleanField(
        required=False, label="Replace annotator names with pseudonyms"
    )
    salt = forms.CharField(
        required=False,
        max_length=200,
        label="Pseudonym salt",
        help_text="A secret mixed into the pseudonyms, so they cannot be reversed by "
        "hashing likely usernames. It is not shown again.",
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    seed = forms.IntegerField(
        min_value=0,
        max_value=SEED_MAX,
        initial=13,
        label="Seed",
        help_text="Fixes the hf format's train/dev/test split, so an export can be repeated.",
    )

    def __init__(self, *args, labels: list[str], annotators: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["labels"].choices = [(name, name) for name in labels]
        self.fields["annotator"].choices = [
            ("", "Every annotator"),
            *((name, name) for name in annotators),
        ]

    def line_filters(self) -> list:
        """The bound filter fields shown one per line, in order."""
        return [self[name] for name in LINE_FILTERS]

    def clean(self):
        """A date range must not end before it starts."""
        data = super().clean()
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and end < start:
            self.add_error("published_to", "The end of the date range is before its start.")
        return data

    def export_filters(self) -> ExportFilters:
        """The cleaned filters as the export service takes them (blank means no filter)."""
        data = self.cleaned_data
        return ExportFilters(
            adjudicated_only=data["adjudicated_only"],
            min_agreement=data["min_agreement"],
            labels=tuple(data["labels"]),
            outlet=data["outlet"] or None,
            language=data["language"] or None,
            annotator=data["annotator"] or None,
            published_from=data["published_from"],
            published_to=data["published_to"],
            pseudonymise=data["pseudonymise"],
            salt=data["salt"],
        )


def _form(project: Project, data=None) -> ExportForm:
    labels = [label.name for label in project.label_schema.labels.all()]
    annotators = [user.username for user in project_reads.annotators(project)]
    return ExportForm(data, labels=labels, annotators=annotators)


@require_http_methods(["GET", "POST"])
@login_required
@page_errors
def export_page(request, slug):
    """The export form and the project's recent exports with their progress and files."""
    project = project_for(request.user, slug, "export")
    form = _form(project, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        job = _start(request, project, form)
        if job is not None:
            return redirect(reverse("ui:export", args=[project.slug]) + f"#export-{job.pk}")
    rows = [(job, export_format(job)) for job in recent_exports(project)]
    context = {"project": project, "form": form, "rows": rows}
    return render(request, "annotate/export.html", context, status=400 if form.is_bound else 200)


def _start(request, project: Project, form: ExportForm) -> Job | None:
    data = form.cleaned_data
    try:
        job = start_export(
            project, data["format"], form.export_filters(), user=request.user, seed=data["seed"]
        )
    except InvalidRequest as error:
        form.add_error(None, error.message)
        return None
    if job.state == Job.State.DONE:
        messages.success(request, f"Export {job.pk} ({data['format']}) is ready: {job.done} spans.")
    else:
        messages.success(
            request, f"Export {job.pk} ({data['format']}) is queued over {job.total} spans."
        )
    return job


@require_GET
@login_required
@page_errors
def export_download(request, slug, job_id):
    """The export's file (a zip for folder formats), as an attachment."""
    project = project_for(request.user, slug, "export")
    job = finished_export(project, job_id)
    path = download_path(job)
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=download_name(job, path),
        content_type=download_type(job),
    )


@require_GET
@login_required
@page_errors
def export_manifest(request, slug, job_id):
    """The export's manifest.json, shown in the browser."""
    project = project_for(request.user, slug, "export")
    job = finished_export(project, job_id)
    return FileResponse(manifest_path(job).open("rb"), content_type="application/json")


_P = "p/<slug:slug>/"
urlpatterns = [
    path(_P + "export/", export_page, name="export"),
    path(_P + "exports/<int:job_id>/download", export_download, name="export_download"),
    path(_P + "exports/<int:job_id>/manifest.json", export_manifest, name="export_manifest"),
]
