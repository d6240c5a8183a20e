"""Turning service errors into HTTP error pages, for every HTML view."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from annotate.services.errors import Conflict, NotAllowed, NotFound


def page_errors(view):
    """Turn access errors into 404 (a project hidden from outsiders) and 403 pages, and a
    conflict (e.g. downloading an unfinished export) into 409 with its message."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from error
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except Conflict as error:
            return HttpResponse(error.message, status=409, content_type="text/plain; charset=utf-8")

    return wrapper
