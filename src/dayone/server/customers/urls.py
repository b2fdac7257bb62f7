from django.urls import path

from dayone.server.customers import views

app_name = "customers"

urlpatterns = [
    path("", views.index, name="index"),
]
