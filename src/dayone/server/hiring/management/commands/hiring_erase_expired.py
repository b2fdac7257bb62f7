"""Erase the personal data of candidates past retention (run it daily, for example from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from typing_extensions import override

from dayone.server.hiring import services


class Command(BaseCommand):
    help = "Erase the personal data of candidates past the retention period, unless on legal hold."

    @override
    def handle(self, *args: Any, **options: Any) -> None:
        count = services.candidates_erase_expired()
        self.stdout.write(f"Erased {count} candidate{'s' if count != 1 else ''} past retention.")
