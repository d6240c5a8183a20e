"""The API's Swagger UI, served from vendored files (no CDN), and a JSON 404."""

from django.http import JsonResponse
from django.templatetags.static import static
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from ..errors import error_body

VENDOR_DIR = "annotate/vendor/swagger-ui"


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, JSON by default (?format=yaml for YAML); errors are JSON too."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]


class SwaggerDocsView(SpectacularSwaggerView):
    """drf-spectacular's Swagger UI page with assets from annotate/static/annotate/vendor.

    drf-spectacular itself only links a CDN or the (not installed) sidecar package;
    ``static()`` also picks the hashed file names in production.
    """

    @staticmethod
    def _swagger_ui_resource(filename):
        return static(f"{VENDOR_DIR}/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return static(f"{VENDOR_DIR}/favicon-32x32.png")


def api_not_found(request, *args, **kwargs):
    """Any unknown /api/ address: a JSON 404 in the shared error shape, not an HTML page."""
    return JsonResponse(error_body("not_found", "No such API address."), status=404)
