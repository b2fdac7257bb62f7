from django.urls import path

from dayone.server.voice import views

app_name = "voice"

urlpatterns = [
    path("", views.index, name="index"),
]
