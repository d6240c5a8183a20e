"""One exception handler: every API error has the body
``{"error": {"code": ..., "message": ..., "detail": {...}}}``.

Service errors (annotate.services.errors) carry their own code, status and detail;
DRF's errors (validation, authentication, permission, throttling, 404, parsing) are
reshaped into the same body, keeping DRF's status codes and headers.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from annotate.services.errors import ServiceError

VALIDATION_MESSAGE = "Some fields are not valid; see detail."
# DRF's name for a 403 differs from the services'; clients see one code per meaning.
CODE_ALIASES = {"permission_denied": "forbidden"}


class PayloadTooLarge(exceptions.APIException):
    """An upload over settings.ANNOTATE_MAX_UPLOAD_BYTES."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = "The upload is too large."


def error_body(code: str, message: str, detail: dict | None = None) -> dict:
    """The shared error body."""
    return {"error": {"code": code, "message": message, "detail": detail or {}}}


def api_exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: map any known error to the shared body."""
    if isinstance(exc, ServiceError):
        set_rollback()
        return Response(error_body(exc.code, exc.message, exc.detail), status=exc.status)
    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: let Django log it and answer 500
    response.data = _drf_error_body(_as_api_exception(exc))
    return response


def _as_api_exception(exc) -> exceptions.APIException:
    # The same conversion DRF's handler made, so code and message match its status.
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    return exc


def _drf_error_body(exc: exceptions.APIException) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        return error_body("invalid", VALIDATION_MESSAGE, _validation_detail(exc.detail))
    code = getattr(exc.detail, "code", None) or exc.default_code
    detail = {"wait": exc.wait} if isinstance(exc, exceptions.Throttled) and exc.wait else {}
    return error_body(CODE_ALIASES.get(code, code), str(exc.detail), detail)


def _validation_detail(detail) -> dict:
    # A non-field error list becomes {"non_field_errors": [...]} so detail is always a dict.
    if isinstance(detail, dict):
        return detail
    return {"non_field_errors": detail}
