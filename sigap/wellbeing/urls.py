from django.urls import path

from sigap.wellbeing import views

app_name = "wellbeing"

urlpatterns = [
    path("", views.home, name="home"),
    path("check-in/", views.checkin_new, name="new"),
    path("checkins/<uuid:pk>/", views.checkin_detail, name="checkin"),
    path("checkins/<uuid:pk>/delete/", views.checkin_delete, name="checkin_delete"),
    path("delete-all/", views.delete_all, name="delete_all"),
    path("export/", views.export, name="export"),
    path("team/", views.team, name="team"),
]
