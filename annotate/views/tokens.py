"""The page where people create and revoke their API tokens.

A new token's raw key is rendered in the response to the POST that created it, and
nowhere else: it is not stored, not put in a message or session, and the page is
marked no-store so the browser does not keep it either.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from annotate.selectors.api import tokens_of
from annotate.services import tokens
from annotate.services.errors import InvalidRequest, NotFound


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    """List the user's tokens; POST creates one and shows its key this once."""
    context = {"new_key": None, "new_token": None, "error": None, "name": ""}
    if request.method == "POST":
        context["name"] = request.POST.get("name", "")
        try:
            context["new_token"], context["new_key"] = tokens.create_token(
                request.user, context["name"]
            )
        except InvalidRequest as error:
            context["error"] = error.message
    context["tokens"] = tokens_of(request.user)
    status = 400 if context["error"] else 200
    return render(request, "annotate/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    """Revoke one of the user's tokens (404 for anyone else's)."""
    try:
        token = tokens.revoke_token(request.user, token_id)
    except NotFound as error:
        return render(request, "annotate/tokens.html", {"error": error.message}, status=404)
    messages.success(request, f"Token “{token.name}” revoked; scripts using it now get 401.")
    return redirect("ui:tokens")


urlpatterns = [
    path("tokens/", token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", token_revoke, name="token-revoke"),
]
