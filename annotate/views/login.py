"""Sign-in with a lockout against password guessing (annotate/services/login_throttle.py)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from annotate.services import login_throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, saying plainly when sign-in is locked.

    The authentication backend counts failures and refuses locked attempts; this form
    only turns a lock into a clear message instead of "wrong password".
    """

    def clean(self):
        """Refuse while locked; after a failure that caused a lock, say so."""
        username = self.cleaned_data.get("username")
        ip = login_throttle.client_ip(self.request)
        self._refuse_if_locked(username, ip)
        try:
            return super().clean()
        except ValidationError:
            self._refuse_if_locked(username, ip)
            raise

    @staticmethod
    def _refuse_if_locked(username, ip) -> None:
        seconds = login_throttle.lockout_seconds(username, ip)
        if seconds:
            raise ValidationError(login_throttle.lock_message(seconds), code="locked")


class ThrottledLoginView(auth_views.LoginView):
    """The sign-in page, with the lockout: a locked attempt answers 429 and says why."""

    authentication_form = ThrottledAuthenticationForm

    def form_invalid(self, form):
        """Show the lock message (the page's own error text is generic) and answer 429."""
        locks = [e for e in form.non_field_errors().as_data() if e.code == "locked"]
        for lock in locks:
            messages.error(self.request, lock.message)
        response = super().form_invalid(form)
        if locks:
            response.status_code = 429
        return response
