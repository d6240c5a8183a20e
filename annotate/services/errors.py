"""Errors services raise; views and the API turn them into responses."""


class ServiceError(Exception):
    """A request that cannot be carried out; ``code`` is stable, ``message`` is for people."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, detail: dict | None = None):
        super().__init__(message)
        self.message = message
        self.detail = detail or {}


class InvalidRequest(ServiceError):
    code = "invalid"
    status = 400


class NotAllowed(ServiceError):
    code = "forbidden"
    status = 403


class NotFound(ServiceError):
    code = "not_found"
    status = 404


class Conflict(ServiceError):
    """A write based on a stale version; ``detail['current']`` holds what is stored now."""

    code = "conflict"
    status = 409
