"""Browser UI routes; each view module owns its own patterns."""

from annotate.views import annotation, exports, projects, review, tokens

app_name = "ui"

urlpatterns = [
    *projects.urlpatterns,
    *annotation.urlpatterns,
    *review.urlpatterns,
    *tokens.urlpatterns,
    *exports.urlpatterns,
]
