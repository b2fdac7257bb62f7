"""URLs: one prefix per part of dayone, the JSON API under /api/, the admin under /admin/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dayone.server.api.api import api
from dayone.server.core.views_auth import LoginView

urlpatterns = [
    path("", include("dayone.server.core.urls")),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("documents/", include("dayone.server.documents.urls")),
    path("wbr/", include("dayone.server.wbr.urls")),
    path("weblab/", include("dayone.server.weblab.urls")),
    path("decisions/", include("dayone.server.decisions.urls")),
    path("teams/", include("dayone.server.teams.urls")),
    path("goals/", include("dayone.server.goals.urls")),
    path("hiring/", include("dayone.server.hiring.urls")),
    path("customers/", include("dayone.server.customers.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
