from django.urls import path

from dayone.server.weblab import views

app_name = "weblab"

urlpatterns = [
    path("", views.index, name="index"),
]
