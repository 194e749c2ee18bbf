from django.urls import path

from sigap.statistics import views_dashboard, views_requests

app_name = "statistics_release"

urlpatterns = [
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("dashboard/<slug:slug>.<str:fmt>", views_dashboard.export, name="export"),
    path("simfoni/<uuid:pk>/<int:year>-<int:month>.xlsx", views_dashboard.simfoni_sheet, name="simfoni_sheet"),
    path("requests/", views_requests.request_list, name="request_list"),
    path("requests/new/", views_requests.request_new, name="request_new"),
    path("requests/<uuid:pk>/", views_requests.request_detail, name="request_detail"),
    path("requests/<uuid:pk>/approve/", views_requests.request_decide, {"approve": True}, name="request_approve"),
    path("requests/<uuid:pk>/refuse/", views_requests.request_decide, {"approve": False}, name="request_refuse"),
    path("requests/<uuid:pk>/withdraw/", views_requests.request_withdraw, name="request_withdraw"),
    path("requests/<uuid:pk>/table.<str:fmt>", views_requests.request_download, name="request_download"),
]
