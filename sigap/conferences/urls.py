from django.urls import path

from sigap.conferences import views

app_name = "conferences"

urlpatterns = [
    path("", views.conference_list, name="list"),
    path("case/<uuid:pk>/", views.case_conferences, name="case"),
    path("case/<uuid:pk>/new/", views.schedule, name="schedule"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/edit/", views.edit, name="edit"),
    path("<uuid:pk>/invite/", views.invite, name="invite"),
    path("<uuid:pk>/people/<slug:purpose>/", views.people, name="people"),
    path("<uuid:pk>/minutes/", views.minutes, name="minutes"),
    path("<uuid:pk>/actions/", views.add_action, name="add_action"),
    path("<uuid:pk>/adopt/", views.adopt, name="adopt"),
    path("<uuid:pk>/cancel/", views.cancel, name="cancel"),
]
