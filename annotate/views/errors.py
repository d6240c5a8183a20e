"""Turning service errors into HTTP error pages, for every HTML view."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from annotate.services.errors import NotAllowed, NotFound


def page_errors(view):
    """Turn access errors into 404 (a project hidden from outsiders) and 403 pages."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from error
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error

    return wrapper
