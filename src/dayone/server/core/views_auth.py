"""Sign-in page: open to everyone, the one exception to login-required."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's login view with dayone's template."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True
