from django.urls import path

from dayone.server.weblab import views

app_name = "weblab"

urlpatterns = [
    path("", views.index, name="index"),
    path("experiments/", views.experiment_list, name="list"),
    path("experiments/new/", views.experiment_create, name="create"),
    path("experiments/<int:experiment_id>/", views.experiment_detail, name="detail"),
    path("experiments/<int:experiment_id>/edit/", views.experiment_edit, name="edit"),
    path("experiments/<int:experiment_id>/results/", views.experiment_results, name="results"),
    path("experiments/<int:experiment_id>/start/", views.experiment_start, name="start"),
    path("experiments/<int:experiment_id>/stop/", views.experiment_stop, name="stop"),
    path("experiments/<int:experiment_id>/plan/", views.experiment_plan, name="plan"),
    path("experiments/<int:experiment_id>/conclude/", views.experiment_conclude, name="conclude"),
    path("archive/", views.archive, name="archive"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("power/", views.power, name="power"),
]
