from django.contrib import admin
from django.urls import include, path

from sigap.accounts.views.account import admin_login
from sigap.core.views import healthz, readyz
from sigap.directory.views import public_directory
from sigap.learning.views.events import verify as verify_certificate
from sigap.statistics.views_opendata import open_data, open_data_file

admin.site.site_header = "Sigap"

# Sigap's own error pages (JSON in the API's error format under /api/); see sigap/core/errors.py.
handler400 = "sigap.lib.errors.bad_request"
handler403 = "sigap.lib.errors.permission_denied"
handler404 = "sigap.lib.errors.page_not_found"
handler500 = "sigap.lib.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("accounts/", include("sigap.accounts.urls")),
    path("organisations/", include("sigap.organisations.urls")),
    path("regions/", include("sigap.regions.urls")),
    path("services/", include("sigap.directory.urls")),
    path("directory/", public_directory, name="public_directory"),
    path("cases/", include("sigap.cases.urls")),
    path("cases/", include("sigap.history.urls")),
    path("audit/", include("sigap.audit.urls")),
    path("cases/", include("sigap.consent.urls")),
    path("privacy/", include("sigap.privacy.urls")),
    path("notifications/", include("sigap.notifications.urls")),
    path("wellbeing/", include("sigap.wellbeing.urls")),
    path("", include("sigap.online.urls")),
    path("referrals/", include("sigap.referrals.urls")),
    path("transfers/", include("sigap.transfers.urls")),
    path("conferences/", include("sigap.conferences.urls")),
    path("learning/", include("sigap.learning.urls")),
    path("forms/", include("sigap.forms.urls")),
    path("statistics/", include("sigap.statistics.urls")),
    path("statistics/", include("sigap.statistics.urls_release")),
    path("data/", open_data, name="open_data"),
    path("data/<slug:slug>.<str:fmt>", open_data_file, name="open_data_file"),
    path("verify/<str:code>", verify_certificate, name="verify_certificate"),
    path("api/", include("sigap.api.urls")),
    # Before the admin's own URLs: the admin signs in through Sigap's sign-in page.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("", include("sigap.home.urls")),
]
