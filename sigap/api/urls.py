"""API root: /api/v1/ for the versioned API, /api/schema/ and /api/docs/ for its description."""

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from sigap.accounts.api import ApiTokenViewSet
from sigap.api.views import MeView
from sigap.audit.api import BreakGlassOpeningViewSet
from sigap.cases.api.urls import register_cases
from sigap.conferences.api import ConferenceViewSet
from sigap.consent.api import register_consent
from sigap.directory import hsds
from sigap.directory.api import ServiceViewSet
from sigap.forms.api import FormDefinitionViewSet
from sigap.history.api import register_history
from sigap.home.api import HomeView
from sigap.learning.api import register_learning
from sigap.notifications.api import NotificationViewSet
from sigap.online.api import register_online
from sigap.organisations.api import MembershipViewSet, OrganisationViewSet
from sigap.privacy.api import BreachViewSet, PersonExportPackageView, PersonExportView, SubjectRequestViewSet
from sigap.referrals.api import ReferralReportView, ReferralViewSet
from sigap.regions.api import (
    DistrictViewSet,
    ProvinceViewSet,
    RegencyViewSet,
    RegionSearchViewSet,
    VillageViewSet,
)
from sigap.statistics.api import MonthListView, MonthReviewView, MonthVerifyView
from sigap.statistics.api_release import DashboardApiView, DataRequestViewSet, OpenDataListView, OpenDataTableView
from sigap.transfers.api import TransferViewSet
from sigap.wellbeing.api import register_wellbeing

router = DefaultRouter()
router.include_root_view = False
router.register("tokens", ApiTokenViewSet, basename="token")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("services", ServiceViewSet, basename="service")
router.register("regions/provinces", ProvinceViewSet, basename="province")
router.register("regions/regencies", RegencyViewSet, basename="regency")
router.register("regions/districts", DistrictViewSet, basename="district")
router.register("regions/villages", VillageViewSet, basename="village")
router.register("regions/search", RegionSearchViewSet, basename="region-search")
register_cases(router)
register_history(router)
router.register("break-glass-openings", BreakGlassOpeningViewSet, basename="break-glass-opening")
register_consent(router)
router.register("privacy/requests", SubjectRequestViewSet, basename="subject-request")
router.register("privacy/breaches", BreachViewSet, basename="breach")
router.register("notifications", NotificationViewSet, basename="notification")
register_online(router)
router.register("referrals", ReferralViewSet, basename="referral")
router.register("transfers", TransferViewSet, basename="transfer")
router.register("conferences", ConferenceViewSet, basename="conference")
register_learning(router)
router.register("forms", FormDefinitionViewSet, basename="form")
router.register("data-requests", DataRequestViewSet, basename="data-request")
register_wellbeing(router)

v1: list[URLPattern | URLResolver] = [
    path("me/", MeView.as_view(), name="me"),
    path("home/", HomeView.as_view(), name="home"),
    path("referral-report/", ReferralReportView.as_view(), name="referral-report"),
    path("open-data/", OpenDataListView.as_view(), name="open-data"),
    path("open-data/<slug:slug>/", OpenDataTableView.as_view(), name="open-data-table"),
    path("statistics/dashboard/", DashboardApiView.as_view(), name="statistics-dashboard"),
    path("persons/<uuid:id>/export/", PersonExportView.as_view(), name="person-export"),
    path("persons/<uuid:id>/export/package/", PersonExportPackageView.as_view(), name="person-export-package"),
    path("statistics/organisations/<uuid:pk>/months/", MonthListView.as_view(), name="statistics-month-list"),
    path(
        "statistics/organisations/<uuid:pk>/months/<str:month>/",
        MonthReviewView.as_view(),
        name="statistics-month-detail",
    ),
    path(
        "statistics/organisations/<uuid:pk>/months/<str:month>/verify/",
        MonthVerifyView.as_view(),
        name="statistics-month-verify",
    ),
    path("", include(router.urls)),
]

app_name = "api"

urlpatterns = [
    path("v1/", include(v1)),
    # Open Referral HSDS 3.0, public and read-only when SIGAP_PUBLIC_DIRECTORY is on (not in the v1 schema).
    path("hsds/services", hsds.services, name="hsds_services"),
    path("hsds/services/<uuid:pk>", hsds.service, name="hsds_service"),
    path("hsds/organizations", hsds.organizations, name="hsds_organisations"),
    path("hsds/organizations/<uuid:pk>", hsds.organization, name="hsds_organisation"),
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
        name="schema",
    ),
    path(
        "docs/",
        # The split view serves its start-up script as a file, so the page needs no inline script (CSP).
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", permission_classes=[AllowAny], authentication_classes=[]
        ),
        name="docs",
    ),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", permission_classes=[AllowAny], authentication_classes=[]),
        name="redoc",
    ),
]
