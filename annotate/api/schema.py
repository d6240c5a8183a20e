"""OpenAPI schema additions: the token security scheme and the shared error body."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "detail"],
            "properties": {
                "code": {"type": "string", "description": "Stable, machine-readable code."},
                "message": {"type": "string", "description": "For people."},
                "detail": {
                    "type": "object",
                    "additionalProperties": True,
                    "description": "Field errors, the stored value on a conflict, ...",
                },
            },
        }
    },
}
# Statuses any operation may answer with, besides its own (e.g. 409 on a conflict).
COMMON_ERRORS = {
    "400": "Invalid request",
    "401": "Not authenticated",
    "403": "Not allowed for your role",
    "404": "Not found (or not visible to you)",
    "429": "Too many requests",
}
WRITE_ERRORS = {"409": "Conflict with the stored value", "413": "Upload too large"}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes ApiTokenAuthentication in the schema."""

    target_class = "annotate.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        """An API key in the Authorization header, prefixed by 'Token '."""
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token-based authentication with the prefix 'Token '.",
        }


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: every operation documents the shared error body."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            statuses = dict(COMMON_ERRORS)
            if method in ("put", "patch", "post", "delete"):
                statuses.update(WRITE_ERRORS)
            for status, description in statuses.items():
                operation.setdefault("responses", {}).setdefault(status, _error(description))
    return result


def _error(description: str) -> dict:
    content = {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}
    return {"description": description, "content": {"application/json": content}}
