"""Case screens. Each area adds its patterns below (intake/case page, work, records, lists)."""

from django.urls import URLPattern, URLResolver, path

from sigap.cases.views import access_log, case, intake, lists, metadata, people, records, work

app_name = "cases"

urlpatterns: list[URLPattern | URLResolver] = []

# Intake, persons and the case page.
urlpatterns += [
    path("new/", intake.intake, name="new"),
    path("new/matches/", intake.person_matches, name="person_matches"),
    path("new/people/", people.intake_people, name="intake_people"),
    path("managers/", people.manager_people, name="manager_people"),
    path("persons/<uuid:pk>/", intake.person_detail, name="person"),
    path("persons/<uuid:pk>/edit/", intake.person_edit, name="person_edit"),
    path("<uuid:pk>/", case.case_detail, name="detail"),
    path("<uuid:pk>/steps/<slug:transition>/", case.case_advance, name="advance"),
    path("<uuid:pk>/tasks/<slug:kind>/done/", case.task_done, name="task_done"),
    path("<uuid:pk>/overview/", case.overview_edit, name="overview_edit"),
    path("<uuid:pk>/team/", case.team_add, name="team_add"),
    path("<uuid:pk>/team/<uuid:user_pk>/remove/", case.team_remove, name="team_remove"),
    path("<uuid:pk>/assign/", case.assign, name="assign"),
    path("<uuid:pk>/people/<slug:purpose>/", people.case_people, name="people"),
    path("<uuid:pk>/timeline/", case.timeline_page, name="timeline"),
    path("<uuid:pk>/access-log/", access_log.who_viewed, name="access_log"),
    path("<uuid:pk>/break-glass/", access_log.break_glass_open, name="break_glass"),
]

# Case list and search.
urlpatterns += [
    path("", lists.case_list, name="list"),
    path("counts/", lists.case_counts, name="counts"),
    path("metadata/", metadata.case_metadata_list, name="metadata"),
]

# The work on a case: assessment, plan, services, follow-up, closure.
urlpatterns += [
    path("<uuid:pk>/screening/", work.screening, name="screening"),
    path("<uuid:pk>/assessments/start/", work.assessment_start, name="assessment_start"),
    path("<uuid:pk>/assessments/<uuid:assessment_id>/", work.assessment, name="assessment"),
    path("<uuid:pk>/plans/new/", work.plan_create, name="plan_create"),
    path("<uuid:pk>/plans/<uuid:plan_id>/", work.plan_detail, name="plan"),
    path("<uuid:pk>/plans/<uuid:plan_id>/edit/", work.plan_edit, name="plan_edit"),
    path("<uuid:pk>/plans/<uuid:plan_id>/submit/", work.plan_submit, name="plan_submit"),
    path("<uuid:pk>/plans/<uuid:plan_id>/decide/", work.plan_decide, name="plan_decide"),
    path("<uuid:pk>/plan-actions/<uuid:action_id>/status/", work.plan_action_status, name="plan_action_status"),
    path("<uuid:pk>/services/new/", work.service_new, name="service_new"),
    path("<uuid:pk>/follow-ups/new/", work.follow_up_new, name="follow_up_new"),
    path("<uuid:pk>/closure/request/", work.closure_request, name="closure_request"),
    path("<uuid:pk>/closure/<uuid:closure_id>/", work.closure_detail, name="closure"),
    path("<uuid:pk>/closure/<uuid:closure_id>/decide/", work.closure_decide, name="closure_decide"),
    path("<uuid:pk>/reopen/", work.reopen, name="reopen"),
]

# Notes, attachments and the printable summary.
urlpatterns += [
    path("<uuid:pk>/notes/new/", records.note_add, name="note_add"),
    path("<uuid:pk>/notes/<uuid:note_pk>/edit/", records.note_edit, name="note_edit"),
    path("<uuid:pk>/notes/<uuid:note_pk>/correct/", records.note_correct, name="note_correct"),
    path("<uuid:pk>/attachments/new/", records.attachment_add, name="attachment_add"),
    path("<uuid:pk>/attachments/<uuid:attachment_pk>/", records.attachment_download, name="attachment_download"),
    path("<uuid:pk>/attachments/<uuid:attachment_pk>/destroy/", records.attachment_destroy, name="attachment_destroy"),
    path("<uuid:pk>/summary/", records.summary, name="summary"),
    path("<uuid:pk>/summary.pdf", records.summary_pdf, name="summary_pdf"),
]
