from django.urls import path

from sigap.forms import views

app_name = "forms"

urlpatterns = [
    path("", views.form_list, name="list"),
    path("new/", views.create, name="create"),
    path("import/", views.import_definition, name="import"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/edit/", views.edit, name="edit"),
    path("<uuid:pk>/publish/", views.publish, name="publish"),
    path("<uuid:pk>/discard/", views.discard, name="discard"),
    path("<uuid:pk>/compare/", views.compare_versions, name="compare"),
    path("<uuid:pk>/own-questions/", views.own_questions, name="own_questions"),
    path("<uuid:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("<uuid:pk>/versions/<int:number>/export/", views.export, name="export"),
]
