from django.urls import path

from dayone.server.goals import views

app_name = "goals"

urlpatterns = [
    path("", views.index, name="index"),
]
