from django.urls import path

from dayone.server.metrics import views

app_name = "metrics"

urlpatterns = [
    path("", views.index, name="index"),
]
