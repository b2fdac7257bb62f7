"""E-mail the reminders of overdue interview feedback (run it hourly, for example from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from typing_extensions import override

from dayone.server.hiring import services


class Command(BaseCommand):
    help = "E-mail interviewers whose feedback is past due (once each) and their recruiters."

    @override
    def handle(self, *args: Any, **options: Any) -> None:
        if not services.email_enabled():
            self.stdout.write("No reminders sent: SMTP is not configured (DAYONE_SMTP_URL).")
            return
        count = services.feedback_remind()
        self.stdout.write(f"Reminded {count} interviewer{'s' if count != 1 else ''}.")
