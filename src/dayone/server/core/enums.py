"""Choices shared by every part of the server."""

from django.db import models


class Role(models.TextChoices):
    """What a person may do: admins manage people and settings, members write, viewers read."""

    ADMIN = "admin", "Admin"
    MEMBER = "member", "Member"
    VIEWER = "viewer", "Viewer"
