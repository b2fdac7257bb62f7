from django.urls import path

from dayone.server.org import views

app_name = "org"

urlpatterns = [
    path("", views.index, name="index"),
]
