from django.urls import path

from sigap.learning import elearning_views, people_views, views

app_name = "learning"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/", views.event_list, name="events"),
    path("events/new/", views.event_create, name="event_new"),
    path("events/<uuid:pk>/", views.event_detail, name="event"),
    path("events/<uuid:pk>/participants/new/", views.participant_add, name="participant_add"),
    path("events/<uuid:pk>/sessions/<uuid:session_pk>/attendance/", views.attendance, name="attendance"),
    path("events/<uuid:pk>/scores/", views.scores, name="scores"),
    path("events/<uuid:pk>/certify/", views.certify, name="certify"),
    path("events/<uuid:pk>/feedback/", views.feedback, name="feedback"),
    path("events/<uuid:pk>/report/", views.report, name="report"),
    path("events/<uuid:pk>/report.csv", views.report_csv, name="report_csv"),
    path("events/<uuid:pk>/progress/", elearning_views.cohort_progress, name="cohort_progress"),
    path("participants/<uuid:pk>/elearning/", views.elearning_confirm, name="elearning_confirm"),
    path("participants/<uuid:pk>/certificate/", views.certificate_issue, name="certificate_issue"),
    path("certificates/", views.certificate_list, name="certificates"),
    path("certificates/<uuid:pk>/", views.certificate_detail, name="certificate"),
    path("certificates/<uuid:pk>/pdf/", views.certificate_download, name="certificate_pdf"),
    path("courses/", elearning_views.course_list, name="courses"),
    path("courses/<uuid:pk>/", elearning_views.course_detail, name="course"),
    path("lessons/<uuid:pk>/", elearning_views.lesson_detail, name="lesson"),
    path("quizzes/<uuid:pk>/", elearning_views.quiz_detail, name="quiz"),
    path("quizzes/<uuid:pk>/start/", elearning_views.quiz_start, name="quiz_start"),
    path("attempts/<uuid:pk>/", elearning_views.attempt, name="attempt"),
    path("competency/", people_views.competency_view, name="competency"),
    path("mentors/", people_views.mentors, name="mentors"),
    path("mentors/<uuid:pk>/ask/", people_views.mentor_ask, name="mentor_ask"),
    path("mentoring/<uuid:pk>/", people_views.pair_detail, name="pair"),
]
