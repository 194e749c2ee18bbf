from django.urls import path

from sigap.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_create, name="create"),
    path("regency-options/", views.regency_options, name="regency_options"),
    path("members/", views.my_members, name="my_members"),
    path("members/<uuid:pk>/", views.member, name="member"),
    path("members/<uuid:pk>/role/", views.member_role, name="member_role"),
    path("members/<uuid:pk>/supervisor/", views.member_supervisor, name="member_supervisor"),
    path("members/<uuid:pk>/deactivate/", views.member_deactivate, name="member_deactivate"),
    path("members/<uuid:pk>/reactivate/", views.member_reactivate, name="member_reactivate"),
    path("members/<uuid:pk>/welcome/", views.member_resend_welcome, name="member_resend_welcome"),
    path("<uuid:pk>/", views.organisation_detail, name="detail"),
    path("<uuid:pk>/edit/", views.organisation_edit, name="edit"),
    path("<uuid:pk>/members/", views.members, name="members"),
]
