from django.urls import path

from dayone.server.hiring import views

app_name = "hiring"

urlpatterns = [
    path("", views.index, name="index"),
]
