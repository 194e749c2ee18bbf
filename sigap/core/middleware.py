from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Everything Sigap loads is served by Sigap itself: no CDN, no third-party origin.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: a strict CSP and a permissions policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/docs/"):
            # Swagger UI (served locally) needs inline styles and a bootstrapping script.
            response.headers.setdefault(
                "Content-Security-Policy",
                CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
            )
        else:
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if _is_private(request):
            # Pages with personal data must not stay in shared or back-button caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def _is_private(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and not request.path.startswith("/static/"))


class OrganisationTimeZoneMiddleware:
    """Show times in the zone of the user's organisation (WIB, WITA or WIT); UTC is what is stored.

    A user with several organisations sees the zone of the first; pages about one organisation's
    records may still format with that organisation's zone explicitly (``sigap_time`` filters).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import timezone

        from sigap.accounts.access import active_memberships

        memberships = active_memberships(getattr(request, "user", None))
        zone = memberships[0].organisation.time_zone if memberships else settings.TIME_ZONE
        timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
