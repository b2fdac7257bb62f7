from django.urls import path

from dayone.server.hiring import views

app_name = "hiring"

urlpatterns = [
    path("", views.index, name="index"),
    path("roles/new", views.role_create, name="role_create"),
    path("roles/<int:pk>/", views.role_detail, name="role"),
    path("roles/<int:pk>/status", views.role_status, name="role_status"),
    path("roles/<int:pk>/candidates", views.candidate_create, name="candidate_create"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/stage", views.candidate_stage, name="candidate_stage"),
    path("candidates/<int:pk>/escalate", views.candidate_escalate, name="candidate_escalate"),
    path("candidates/<int:pk>/loop", views.loop_plan, name="loop_plan"),
    path("candidates/<int:pk>/export.json", views.candidate_export, name="candidate_export"),
    path("candidates/<int:pk>/erase", views.candidate_erase, name="candidate_erase"),
    path("candidates/<int:pk>/hold", views.candidate_hold, name="candidate_hold"),
    path("candidates/<int:pk>/resume", views.candidate_resume, name="candidate_resume"),
    path("loops/<int:pk>/", views.loop_detail, name="loop"),
    path("loops/<int:pk>/debrief", views.debrief_close, name="debrief_close"),
    path("loops/<int:pk>/checkin", views.checkin, name="checkin"),
    path("loops/<int:pk>/sign-off", views.loop_sign_off, name="loop_sign_off"),
    path("interviews/<int:pk>/", views.interview_kit, name="kit"),
    path("interviews/<int:pk>/notes", views.interview_notes, name="notes"),
    path("interviews/<int:pk>/invite.ics", views.interview_invite, name="invite"),
    path("calibration/", views.calibration, name="calibration"),
    path("questions/", views.question_bank, name="questions"),
    path("questions/<int:pk>/", views.question_detail, name="question"),
    path("questions/<int:pk>/retire", views.question_retire, name="question_retire"),
    path("bar-raisers/", views.bar_raisers, name="bar_raisers"),
    path("bar-raisers/<int:pk>/advance", views.bar_raiser_advance, name="bar_raiser_advance"),
]
