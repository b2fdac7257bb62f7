from django.urls import path

from dayone.server.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("account/tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("people/", views.people, name="people"),
    path("people/<int:user_id>/role/", views.person_role, name="person_role"),
    path(
        "people/lockouts/<int:attempt_id>/lift/",
        views.login_lockout_lift,
        name="login_lockout_lift",
    ),
    path("audit/", views.audit, name="audit"),
]
