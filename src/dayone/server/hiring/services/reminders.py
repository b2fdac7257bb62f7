"""E-mail reminders of overdue feedback, when SMTP is configured.

Each interviewer whose feedback is past due is e-mailed once per interview, and each role's
recruiter gets one list of who is late. A reminder says whose interview and when it was due,
never what anyone wrote.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core import mail
from django.db.models import Exists, OuterRef
from django.urls import reverse

from dayone.server.hiring.enums import LoopStatus
from dayone.server.hiring.models import Feedback, Interview
from dayone.server.hiring.services._common import hiring_settings, now_or


def email_enabled() -> bool:
    """E-mail goes out when SMTP is configured, or when a test collects the outbox."""
    backend = str(settings.EMAIL_BACKEND)
    return not backend.endswith("locmem.EmailBackend") or hasattr(mail, "outbox")


def _absolute(url: str) -> str:
    origins = list(getattr(settings, "CSRF_TRUSTED_ORIGINS", []))
    return f"{origins[0].rstrip('/')}{url}" if origins else url


def feedback_remind(*, at: datetime | None = None) -> int:
    """E-mail every interviewer whose feedback is past due and not yet reminded; return how
    many interviewers were e-mailed (0 when SMTP is not configured)."""
    if not email_enabled():
        return 0
    now = now_or(at)
    hours = hiring_settings().feedback_due_hours
    late = list(
        Interview.objects.filter(
            loop__status=LoopStatus.OPEN,
            ends_at__lt=now - timedelta(hours=hours),
            reminded_at__isnull=True,
        )
        .exclude(Exists(Feedback.objects.filter(interview=OuterRef("pk"))))
        .select_related("interviewer", "loop__candidate__role__recruiter")
        .order_by("ends_at", "pk")
    )
    messages = []
    by_recruiter: dict[str, list[str]] = defaultdict(list)
    for interview in late:
        candidate = interview.loop.candidate
        role = candidate.role
        due = interview.ends_at + timedelta(hours=hours)
        line = f"{interview.interviewer}: {candidate.name}, {role.title}, due {due:%a %d %b %H:%M}"
        if interview.interviewer.email:
            kit = _absolute(reverse("hiring:kit", args=[interview.pk]))
            messages.append(
                (
                    f"[dayone] Your feedback on {candidate.name} is overdue",
                    f"Your interview with {candidate.name} for {role.title} ended "
                    f"{interview.ends_at:%a %d %b %H:%M}; the feedback was due {due:%a %d %b %H:%M}."
                    f"\n\nWrite it in your interview kit: {kit}\n",
                    settings.DEFAULT_FROM_EMAIL,
                    [interview.interviewer.email],
                )
            )
        if role.recruiter is not None and role.recruiter.email:
            by_recruiter[role.recruiter.email].append(line)
    for address, lines in by_recruiter.items():
        body = "Feedback past due on roles you recruit for:\n\n" + "\n".join(lines) + "\n"
        messages.append(
            ("[dayone] Overdue interview feedback", body, settings.DEFAULT_FROM_EMAIL, [address])
        )
    if messages:
        mail.send_mass_mail(messages, fail_silently=False)
    Interview.objects.filter(pk__in=[i.pk for i in late]).update(reminded_at=now)
    return len({i.interviewer_id for i in late})
