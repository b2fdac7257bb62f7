from django.urls import path

from dayone.server.customers import views, views_escalations, views_ideas

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
    path("ideas/", views_ideas.idea_list, name="ideas"),
    path("ideas/new", views_ideas.idea_new, name="idea_new"),
    path("ideas/similar", views_ideas.idea_similar, name="idea_similar"),
    path("ideas/<int:pk>/", views_ideas.idea_detail, name="idea"),
    path("ideas/<int:pk>/answer", views_ideas.idea_answer, name="idea_answer"),
    path("ideas/<int:pk>/ask", views_ideas.idea_ask, name="idea_ask"),
    path("ideas/<int:pk>/up", views_ideas.idea_take_up, name="idea_up"),
    path("ideas/<int:pk>/vote", views_ideas.idea_vote, name="idea_vote"),
    path("ideas/<int:pk>/comment", views_ideas.idea_comment, name="idea_comment"),
    path("ideas/<int:pk>/merge", views_ideas.idea_merge, name="idea_merge"),
    path("themes/regroup", views.regroup, name="regroup"),
    path("disagreements/answer", views.disagreement_answer, name="answer"),
    path("themes/<int:pk>/", views.theme_detail, name="theme"),
    path("themes/<int:pk>/rename", views.theme_rename, name="rename"),
    path("themes/<int:pk>/merge", views.theme_merge, name="merge"),
    path("themes/<int:pk>/split", views.theme_split, name="split"),
    path("themes/<int:pk>/metrics", views.theme_metrics, name="metrics"),
]
