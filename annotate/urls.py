"""Browser UI routes; each view module owns its own patterns."""

from annotate.views import annotation, projects, review

app_name = "ui"

urlpatterns = [*projects.urlpatterns, *annotation.urlpatterns, *review.urlpatterns]
