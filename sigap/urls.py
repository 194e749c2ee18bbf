from django.contrib import admin
from django.urls import include, path

from sigap.core.views import healthz

admin.site.site_header = "Sigap"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("sigap.accounts.urls")),
    path("organisations/", include("sigap.organisations.urls")),
    path("regions/", include("sigap.regions.urls")),
    path("cases/", include("sigap.cases.urls")),
    path("privacy/", include("sigap.privacy.urls")),
    path("api/", include("sigap.api.urls")),
    path("admin/", admin.site.urls),
    path("", include("sigap.core.urls")),
]
