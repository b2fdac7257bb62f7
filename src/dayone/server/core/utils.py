"""Small helpers shared by the views and APIs of every app: who is asking, and the form post."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict

from dayone.server.core.models import User
from dayone.server.core.versions import EditConflictError, saved_value

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from django import forms
    from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

SIGN_IN_NEEDED = "Sign in first."
KEPT = (
    "What you typed is kept below, with what is saved now beside each field where the two "
    "differ. Saving again puts yours over theirs."
)


def current_user(request: HttpRequest) -> User:
    """The signed-in person making ``request``.

    Every page needs a sign-in (``core.middleware``) and every API call a token or session, so
    an anonymous request that reaches a view or endpoint is refused rather than passed on.
    """
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied(SIGN_IN_NEEDED)
    return user


def form_errors_from(form: forms.Form, error: ValidationError) -> None:
    """Show a service's validation error on the form: on its field when named, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def form_conflict(form: forms.Form, conflict: EditConflictError) -> None:
    """Show an edit conflict on the form: what the other change saved beside each field it
    differs in, what was typed kept, and the form now at the current version."""
    typed = dict(form.cleaned_data)
    data = QueryDict(mutable=True)
    data.update(form.data)
    data[form.add_prefix("version")] = str(conflict.current)
    form.data = data
    form.add_error(None, f"{conflict} {KEPT}")
    for name in form.fields:
        saved = saved_value(conflict, name)
        if name != "version" and saved is not None and saved != _text(typed.get(name)):
            form.add_error(name, f"Saved meanwhile: {saved[:400] or '(empty)'}")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def form_post(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[dict[str, Any]], T],
    *,
    then: HttpResponse | Callable[[T], HttpResponse],
    message: str | Callable[[T], str] | None = None,
) -> HttpResponse | None:
    """The form post: when ``form`` was posted and is valid, call ``action`` with its cleaned
    data (the service call). A ``ValidationError`` is shown on the form and ``None`` returned,
    so the caller renders the form again; on success ``message`` is shown and ``then`` returned
    (a redirect, or a function of the result that gives the response).

    When someone saved the row after the version the form was made from (an
    ``EditConflictError``), the form keeps what was typed, says so, and now carries the current
    version: saving again is a choice made knowing of the other change.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as exc:
        form_errors_from(form, exc)
        return None
    except EditConflictError as exc:
        form_conflict(form, exc)
        return None
    if message is not None:
        messages.success(request, message if isinstance(message, str) else message(result))
    return then(result) if callable(then) else then


def action_post(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    then: HttpResponse,
    message: str | Callable[[T], str] | None = None,
) -> HttpResponse:
    """A button's post (no form to show again): call ``action``; its ``ValidationError`` becomes
    an error message, else ``message`` is shown. Either way the browser goes on to ``then``."""
    try:
        result = action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if message is not None:
            messages.success(request, message if isinstance(message, str) else message(result))
    return then
