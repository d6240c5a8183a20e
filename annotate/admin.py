"""Everything in the Django admin, read-mostly for what the audit log must trace."""

from django.contrib import admin

from . import models


class LabelInline(admin.TabularInline):
    model = models.Label
    extra = 0


@admin.register(models.LabelSchema)
class LabelSchemaAdmin(admin.ModelAdmin):
    inlines = [LabelInline]
    list_display = ["name", "created_at"]


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "language", "overlap", "show_suggestions"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["project", "user", "role"]
    list_filter = ["role", "project"]


@admin.register(models.ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["file_name", "project", "state", "n_imported", "n_duplicates", "n_invalid"]
    list_filter = ["state", "project"]


class SpanInline(admin.TabularInline):
    model = models.Span
    extra = 0
    fields = ["order", "start", "end", "kind"]


@admin.register(models.Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "outlet", "language", "published"]
    list_filter = ["project", "language"]
    search_fields = ["title", "outlet", "url"]
    inlines = [SpanInline]


@admin.register(models.Span)
class SpanAdmin(admin.ModelAdmin):
    list_display = ["id", "article", "order", "kind", "start", "end"]
    list_select_related = ["article"]


@admin.register(models.Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ["span", "annotator", "labels", "skip", "version", "updated_at"]
    list_filter = ["skip"]
    raw_id_fields = ["span"]


@admin.register(models.Prediction)
class PredictionAdmin(admin.ModelAdmin):
    list_display = ["span", "labeller", "labeller_version", "labels", "confidence"]
    raw_id_fields = ["span"]


@admin.register(models.Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["article", "annotator", "state", "assigned_at", "submitted_at"]
    list_filter = ["state"]
    raw_id_fields = ["article"]


@admin.register(models.Adjudication)
class AdjudicationAdmin(admin.ModelAdmin):
    list_display = ["span", "reviewer", "labels", "basis", "decided_at"]
    raw_id_fields = ["span"]


@admin.register(models.AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_id", "project"]
    list_filter = ["action", "object_type"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "project", "kind", "state", "done", "total", "created_at"]
    list_filter = ["kind", "state"]


@admin.register(models.ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["key_hash"]
