from django.urls import path

from dayone.server.teams import views

app_name = "teams"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.team_create, name="team_create"),
    path("settings/", views.policy_edit, name="policy_edit"),
    path("initiatives/", views.initiative_list, name="initiative_list"),
    path("initiatives/<int:initiative_id>/", views.initiative_detail, name="initiative_detail"),
    path("principles/", views.principle_list, name="principle_list"),
    path("principles/starter-set/", views.principles_seed, name="principles_seed"),
    path("principles/<slug:slug>/", views.principle_detail, name="principle_detail"),
    path("<slug:slug>/", views.team_detail, name="team_detail"),
    path("<slug:slug>/edit/", views.team_edit, name="team_edit"),
    path("<slug:slug>/members/", views.team_member_add, name="team_member_add"),
    path(
        "<slug:slug>/members/<int:user_id>/remove/",
        views.team_member_remove,
        name="team_member_remove",
    ),
    path("<slug:slug>/metrics/", views.team_metric_add, name="team_metric_add"),
    path(
        "<slug:slug>/metrics/<str:metric_key>/remove/",
        views.team_metric_remove,
        name="team_metric_remove",
    ),
    path("<slug:slug>/dependencies/", views.team_dependency_add, name="team_dependency_add"),
    path(
        "<slug:slug>/dependencies/<slug:other>/remove/",
        views.team_dependency_remove,
        name="team_dependency_remove",
    ),
]
