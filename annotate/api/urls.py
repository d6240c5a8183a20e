"""API routes, all under /api/. Project-scoped routes start with projects/<slug>/."""

from django.urls import path, re_path

# Registers the token security scheme with drf-spectacular.
from annotate.api import schema as _schema  # noqa: F401

from .views import annotations, articles, docs, exports, figures, imports, projects, review

app_name = "api"

P = "projects/<slug:slug>/"

urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.SwaggerDocsView.as_view(url_name="api:schema"), name="docs"),
    path("me/", projects.MeView.as_view(), name="me"),
    path("label-schemas/", projects.LabelSchemaListView.as_view(), name="label-schemas"),
    path(
        "label-schemas/<int:schema_id>/",
        projects.LabelSchemaDetailView.as_view(),
        name="label-schema",
    ),
    path("projects/", projects.ProjectListView.as_view(), name="projects"),
    path(P, projects.ProjectDetailView.as_view(), name="project"),
    path(f"{P}members/", projects.MemberListView.as_view(), name="members"),
    path(f"{P}members/<str:username>/", projects.MemberDetailView.as_view(), name="member"),
    path(f"{P}articles/", articles.ArticleListView.as_view(), name="articles"),
    path(f"{P}articles/<int:article_id>/", articles.ArticleDetailView.as_view(), name="article"),
    path(f"{P}articles/<int:article_id>/spans/", articles.SpanListView.as_view(), name="spans"),
    path(
        f"{P}articles/<int:article_id>/agreement/",
        articles.ArticleAgreementView.as_view(),
        name="article-agreement",
    ),
    path(
        f"{P}articles/<int:article_id>/submit/",
        articles.ArticleSubmitView.as_view(),
        name="article-submit",
    ),
    path(
        f"{P}articles/<int:article_id>/adjudications/",
        review.AdjudicationListView.as_view(),
        name="adjudications",
    ),
    path(
        f"{P}articles/<int:article_id>/accept-agreed/",
        review.AcceptAgreedView.as_view(),
        name="accept-agreed",
    ),
    path(
        f"{P}spans/<int:span_id>/annotation/",
        annotations.SpanAnnotationView.as_view(),
        name="span-annotation",
    ),
    path(
        f"{P}spans/<int:span_id>/adjudication/",
        review.SpanAdjudicationView.as_view(),
        name="span-adjudication",
    ),
    path(
        f"{P}spans/<int:span_id>/adjudication/majority/",
        review.TakeMajorityView.as_view(),
        name="span-majority",
    ),
    path(f"{P}annotations/", annotations.AnnotationListView.as_view(), name="annotations"),
    path(f"{P}predictions/", annotations.PredictionListView.as_view(), name="predictions"),
    path(f"{P}imports/", imports.ImportListView.as_view(), name="imports"),
    path(f"{P}imports/<int:batch_id>/", imports.ImportDetailView.as_view(), name="import"),
    path(f"{P}assignments/", review.AssignmentListView.as_view(), name="assignments"),
    path(f"{P}assignments/auto/", review.AutoAssignView.as_view(), name="assignments-auto"),
    path(
        f"{P}assignments/<int:assignment_id>/",
        review.AssignmentDetailView.as_view(),
        name="assignment",
    ),
    path(
        f"{P}assignments/<int:assignment_id>/send-back/",
        review.SendBackView.as_view(),
        name="assignment-send-back",
    ),
    path(f"{P}queue/", review.QueueView.as_view(), name="queue"),
    path(f"{P}review/", review.ReviewListView.as_view(), name="review"),
    path(f"{P}agreement/", figures.ProjectAgreementView.as_view(), name="agreement"),
    path(f"{P}audit/", figures.AuditListView.as_view(), name="audit"),
    path(f"{P}exports/", exports.ExportListView.as_view(), name="exports"),
    path(f"{P}exports/<int:job_id>/", exports.ExportDetailView.as_view(), name="export"),
    path(
        f"{P}exports/<int:job_id>/download/",
        exports.ExportDownloadView.as_view(),
        name="export-download",
    ),
    path(
        f"{P}exports/<int:job_id>/manifest/",
        exports.ExportManifestView.as_view(),
        name="export-manifest",
    ),
    # Last: any other /api/ address answers a JSON 404, not the site's HTML page.
    # ("." would stop at an encoded newline, e.g. in a malformed id, and let Django's
    # HTML 404 through.)
    re_path(r"^[\s\S]*$", docs.api_not_found, name="not-found"),
]
