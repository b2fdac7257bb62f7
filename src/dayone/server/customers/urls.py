from django.urls import path

from dayone.server.customers import views, views_escalations

app_name = "customers"

urlpatterns = [
    path("", views.index, name="index"),
    path("anecdotes/", views.anecdote_list, name="anecdotes"),
    path("anecdotes/new", views.capture, name="capture"),
    path("anecdotes/import", views.import_file, name="import"),
    path("anecdotes/<int:pk>/", views.anecdote_detail, name="anecdote"),
    path("anecdotes/<int:pk>/move", views.anecdote_move, name="move"),
    path("anecdotes/<int:pk>/escalate", views_escalations.escalation_raise, name="escalate"),
    path("escalations/", views_escalations.escalation_list, name="escalations"),
    path("escalations/<int:pk>/", views_escalations.escalation_detail, name="escalation"),
    path("themes/regroup", views.regroup, name="regroup"),
    path("disagreements/answer", views.disagreement_answer, name="answer"),
    path("themes/<int:pk>/", views.theme_detail, name="theme"),
    path("themes/<int:pk>/rename", views.theme_rename, name="rename"),
    path("themes/<int:pk>/merge", views.theme_merge, name="merge"),
    path("themes/<int:pk>/split", views.theme_split, name="split"),
    path("themes/<int:pk>/metrics", views.theme_metrics, name="metrics"),
]
