"""Forms of core: people and API tokens, and the choice of a person every part uses."""

from __future__ import annotations

from django import forms

from dayone.server.core.enums import Role
from dayone.server.core.models import User


def people_field(
    *, required: bool, label: str, help_text: str = ""
) -> forms.ModelChoiceField[User]:
    """A choice of everyone who can sign in."""
    return forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("first_name", "last_name"),
        required=required,
        label=label,
        help_text=help_text,
    )


class VersionedForm(forms.Form):
    """A form that edits a versioned row: it carries the version the page showed, so a save
    made after someone else's is refused instead of overwriting it (``core.versions``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class UserCreateForm(forms.Form):
    """An admin adds a person."""

    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False)
    title = forms.CharField(max_length=120, required=False)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER)
    password = forms.CharField(
        widget=forms.PasswordInput, help_text="At least 8 characters, not a common password."
    )


class UserRoleForm(forms.Form):
    """An admin changes a person's role."""

    role = forms.ChoiceField(choices=Role.choices)


class ApiTokenCreateForm(forms.Form):
    """Anyone creates a token for their own use of the API."""

    name = forms.CharField(
        max_length=80, help_text="What will use it, for example 'checkout service'."
    )
