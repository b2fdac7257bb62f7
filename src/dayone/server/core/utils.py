"""Small helpers shared by the views of every app."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django import forms
    from django.core.exceptions import ValidationError


def form_errors_from(form: forms.Form, error: ValidationError) -> None:
    """Show a service's validation error on the form: on its field when named, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
