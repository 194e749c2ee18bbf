from django.urls import path

from sigap.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("settings/", views.preferences, name="preferences"),
    path("<uuid:pk>/open/", views.notification_open, name="open"),
    path("<uuid:pk>/read/", views.notification_read, name="read"),
]
