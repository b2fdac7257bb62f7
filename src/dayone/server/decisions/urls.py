from django.urls import path

from dayone.server.decisions import views

app_name = "decisions"

urlpatterns = [
    path("", views.index, name="index"),
]
