from django.urls import path

from dayone.server.decisions import views

app_name = "decisions"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("velocity/", views.velocity, name="velocity"),
    path("settings/", views.settings, name="settings"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.inbox_read, name="inbox_read"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("<int:decision_id>/", views.detail, name="detail"),
    path("<int:decision_id>/edit/", views.edit, name="edit"),
    path("<int:decision_id>/supersede/", views.supersede, name="supersede"),
    path("<int:decision_id>/stance/", views.stance, name="stance"),
    path("<int:decision_id>/decide/", views.decide, name="decide"),
    path("<int:decision_id>/review/", views.review, name="review"),
    path("<int:decision_id>/options/", views.option_add, name="option_add"),
    path(
        "<int:decision_id>/escalations/<int:escalation_id>/resolve/",
        views.resolve,
        name="resolve",
    ),
]
