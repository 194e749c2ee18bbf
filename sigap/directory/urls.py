from django.urls import path

from sigap.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("organisation/<uuid:pk>/new/", views.service_create, name="create"),
    path("<uuid:pk>/", views.service_detail, name="detail"),
    path("<uuid:pk>/edit/", views.service_edit, name="edit"),
    path("<uuid:pk>/deactivate/", views.service_set_active, {"active": False}, name="deactivate"),
    path("<uuid:pk>/reactivate/", views.service_set_active, {"active": True}, name="reactivate"),
]
