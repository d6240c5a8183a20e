"""Request-rate throttles for the API.

DRF's own throttle classes read their rates once, when the class is defined; these read
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] on every request, so a changed setting applies
at once (and tests can lower a rate).
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class _LiveRateMixin:
    def get_rate(self):
        """The current rate of this throttle's scope."""
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousRateThrottle(_LiveRateMixin, throttling.AnonRateThrottle):
    """Requests without credentials, per client address."""


class UserRateThrottle(_LiveRateMixin, throttling.UserRateThrottle):
    """Requests by an authenticated user (session or token), per user."""
