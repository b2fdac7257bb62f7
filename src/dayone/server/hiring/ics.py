"""A calendar invitation (.ics, RFC 5545) for one interview."""

from __future__ import annotations

from datetime import UTC, datetime

from dayone.server.hiring.models import Interview


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def interview_ics(interview: Interview, *, kit_url: str, now: datetime) -> str:
    """The invitation for the interviewer: when, with whom, what to assess, the kit's link."""
    role = interview.loop.candidate.role
    principles = ", ".join(p.name for p in interview.principles.all())
    what = "Bar Raiser interview" if interview.is_bar_raiser else "Interview"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//dayone//hiring//EN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:dayone-interview-{interview.pk}@dayone",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART:{_stamp(interview.starts_at)}",
        f"DTEND:{_stamp(interview.ends_at)}",
        f"SUMMARY:{_escape(f'{what}: {interview.loop.candidate.name}, {role.title}')}",
        f"DESCRIPTION:{_escape(f'You assess: {principles}. Your interview kit: {kit_url}')}",
        f"URL:{kit_url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
