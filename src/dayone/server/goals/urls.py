from django.urls import path

from dayone.server.goals import views

app_name = "goals"

urlpatterns = [
    path("", views.index, name="index"),
    path("leadership/", views.leadership, name="leadership"),
    path("new/", views.goal_create, name="create"),
    path("lint/", views.goal_lint_partial, name="lint"),
    path("<int:goal_id>/", views.goal_detail, name="detail"),
    path("<int:goal_id>/edit/", views.goal_edit, name="edit"),
    path("<int:goal_id>/reviews/", views.goal_review, name="review"),
    path("<int:goal_id>/close/", views.goal_close, name="close"),
]
