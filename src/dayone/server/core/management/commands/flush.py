"""Django's ``flush``, with the history triggers lifted while it empties the tables."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections
from typing_extensions import override

from dayone.server.core.history import history_unlocked


class Command(flush.Command):
    @override
    def handle(self, **options: Any) -> None:
        with history_unlocked(connections[options.get("database") or DEFAULT_DB_ALIAS]):
            super().handle(**options)
