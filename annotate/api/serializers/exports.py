"""Dataset exports: the request that starts one, and the job that reports on it."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from annotate.core.export import FORMATS
from annotate.models import Job, Project
from annotate.selectors.export_records import ExportFilters
from annotate.selectors.exports import export_format, public_filters

from .common import UsernameField, label_list

FORMAT_NAMES = ", ".join(FORMATS)
# Krippendorff's alpha runs from -1 (systematic disagreement) to 1.
ALPHA_RANGE = {"min_value": -1.0, "max_value": 1.0}
SEED_RANGE = {"min_value": 0, "max_value": 2**31 - 1}


class ExportFiltersSerializer(serializers.Serializer):
    """Which spans to export; every filter is optional and they combine with AND."""

    adjudicated_only = serializers.BooleanField(
        default=False, help_text="Only spans with a gold (adjudicated) decision."
    )
    min_agreement = serializers.FloatField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Only articles whose Krippendorff's alpha is at least this.",
        **ALPHA_RANGE,
    )
    labels = label_list(required=False, default=list, help_text="Only spans with these labels.")
    outlet = serializers.CharField(
        max_length=300, required=False, allow_null=True, allow_blank=True, default=None
    )
    language = serializers.ChoiceField(
        choices=Project.Language.choices, required=False, allow_null=True, default=None
    )
    annotator = serializers.CharField(
        max_length=150,
        required=False,
        allow_null=True,
        allow_blank=True,
        default=None,
        help_text="Only this annotator's articles and annotations (a username).",
    )
    published_from = serializers.DateField(required=False, allow_null=True, default=None)
    published_to = serializers.DateField(required=False, allow_null=True, default=None)
    pseudonymise = serializers.BooleanField(
        default=False, help_text="Replace annotator names with stable pseudonyms."
    )
    salt = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        write_only=True,
        help_text=(
            "Secret mixed into the pseudonyms; without one, a pseudonym can be reversed "
            "by hashing likely usernames. Never returned."
        ),
    )

    def validate(self, attrs):
        """A date range must not end before it starts."""
        start, end = attrs.get("published_from"), attrs.get("published_to")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"published_to": ["The end of the date range is before its start."]}
            )
        return attrs


class ExportRequestSerializer(serializers.Serializer):
    """Start an export: a format, filters and the seed of the hf train/dev/test split."""

    format = serializers.ChoiceField(
        choices=[(name, spec.description) for name, spec in FORMATS.items()],
        default="jsonl",
        help_text="One of: " + FORMAT_NAMES + ". Folder formats (hf, brat) download as zip.",
        error_messages={
            "invalid_choice": f"Unknown format '{{input}}'; formats are {FORMAT_NAMES}."
        },
    )
    filters = ExportFiltersSerializer(required=False)
    seed = serializers.IntegerField(default=13, **SEED_RANGE)

    def start_args(self) -> tuple[str, ExportFilters, int]:
        """(format, filters, seed) for annotate.services.exports.start_export."""
        data = self.validated_data
        values = dict(data.get("filters") or {})
        values["labels"] = tuple(values.get("labels") or ())
        for key in ("outlet", "annotator"):
            # Blank text filters mean "no filter", not "equals ''".
            values[key] = values.get(key) or None
        return data["format"], ExportFilters(**values), data["seed"]


class ExportJobSerializer(serializers.ModelSerializer):
    """An export job: its progress, and where to fetch its files once it is done.

    ``total`` counts the spans of the articles that pass the article filters; ``done``
    counts the spans written so far (span-level filters may leave fewer than total).
    """

    format = serializers.SerializerMethodField()
    filters = serializers.SerializerMethodField()
    seed = serializers.SerializerMethodField()
    errors = serializers.ListField(child=serializers.CharField(), read_only=True)
    created_by = UsernameField(allow_null=True)
    download_url = serializers.SerializerMethodField()
    manifest_url = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "state",
            "format",
            "filters",
            "seed",
            "total",
            "done",
            "errors",
            "created_by",
            "created_at",
            "finished_at",
            "download_url",
            "manifest_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_format(self, job: Job) -> str:
        return export_format(job)

    @extend_schema_field(ExportFiltersSerializer)
    def get_filters(self, job: Job) -> dict:
        return public_filters(job)

    @extend_schema_field(OpenApiTypes.INT)
    def get_seed(self, job: Job) -> int:
        return (job.params or {}).get("seed", 13)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, job: Job) -> str | None:
        return self._url(job, "api:export-download")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_manifest_url(self, job: Job) -> str | None:
        return self._url(job, "api:export-manifest")

    def _url(self, job: Job, name: str) -> str | None:
        # Only a finished export has files; the links appear with the "done" state.
        if job.state != Job.State.DONE:
            return None
        kwargs = {"slug": job.project.slug, "job_id": job.pk}
        return reverse(name, kwargs=kwargs, request=self.context.get("request"))
