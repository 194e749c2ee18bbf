"""Online-abuse screens: under a case (/cases/<case id>/online/…) and the aggregate report."""

from django.urls import path

from sigap.online import views

app_name = "online"

urlpatterns = [
    path("cases/<uuid:pk>/online/new/", views.incident_new, name="incident_new"),
    path("cases/<uuid:pk>/online/<uuid:incident_pk>/", views.incident, name="incident"),
    path("cases/<uuid:pk>/online/<uuid:incident_pk>/edit/", views.incident_edit, name="incident_edit"),
    path("cases/<uuid:pk>/online/<uuid:incident_pk>/accounts/new/", views.account_add, name="account_add"),
    path("cases/<uuid:pk>/online/evidence/", views.evidence_list, name="evidence_list"),
    path("cases/<uuid:pk>/online/evidence/new/", views.evidence_new, name="evidence_new"),
    path("cases/<uuid:pk>/online/evidence/<uuid:evidence_pk>/", views.evidence, name="evidence"),
    path("cases/<uuid:pk>/online/takedowns/", views.takedown_list, name="takedown_list"),
    path("cases/<uuid:pk>/online/takedowns/new/", views.takedown_new, name="takedown_new"),
    path("cases/<uuid:pk>/online/takedowns/<uuid:takedown_pk>/", views.takedown, name="takedown"),
    path("cases/<uuid:pk>/online/safety-plan/", views.safety_plan, name="safety_plan"),
    path("cases/<uuid:pk>/online/safety-plan/print/", views.safety_plan_print, name="safety_plan_print"),
    path("cases/<uuid:pk>/online/safety-plan/pdf/", views.safety_plan_pdf, name="safety_plan_pdf"),
    path("online/reports/", views.report, name="report"),
    path("online/guidance/", views.guidance_list, name="guidance_list"),
    path("online/guidance/<uuid:pk>/", views.guidance_edit, name="guidance_edit"),
]
