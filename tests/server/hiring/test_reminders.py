"""E-mail reminders of overdue feedback: once per interview, to the interviewer and the
recruiter, saying who is late and never what anyone wrote."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from dayone.server.hiring import services

pytestmark = pytest.mark.django_db

EVIDENCE = "Marker-evidence rebuilt the returns flow in 6 weeks."


def test_overdue_interviewers_are_emailed_once(world, mailoutbox):
    loop = world.plan()  # the interviews ended two days ago; feedback was due after 24 hours
    world.submit(world.interviewers[0], loop, evidence=EVIDENCE)
    mailoutbox.clear()
    assert services.feedback_remind() == 3
    to = sorted(address for message in mailoutbox for address in message.to)
    late = [world.interviewers[1], world.interviewers[2], world.raiser]
    assert to == sorted([*(p.email for p in late), world.recruiter.email])
    kit = next(m for m in mailoutbox if m.to == [world.raiser.email])
    interview = loop.interviews.get(interviewer=world.raiser)
    assert f"/hiring/interviews/{interview.pk}/" in kit.body
    assert "Jo Park" in kit.subject
    summary = next(m for m in mailoutbox if m.to == [world.recruiter.email])
    assert str(world.interviewers[1]) in summary.body
    assert str(world.interviewers[0]) not in summary.body  # theirs is in
    assert not any(EVIDENCE in m.body for m in mailoutbox)
    mailoutbox.clear()
    assert services.feedback_remind() == 0
    assert mailoutbox == []


def test_nothing_is_sent_before_the_feedback_is_due(world, mailoutbox):
    world.plan(start=world.start.replace(year=world.start.year + 1))
    assert services.feedback_remind() == 0
    assert mailoutbox == []


def test_without_smtp_the_command_says_so(world, settings, monkeypatch):
    world.plan()
    monkeypatch.delattr(mail, "outbox", raising=False)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = StringIO()
    call_command("hiring_remind", stdout=out)
    assert "SMTP is not configured" in out.getvalue()
    assert services.feedback_remind() == 0
