"""The question bank: the starter questions for the sixteen starter principles, and the
company's own questions beside them (``InterviewQuestion``, written by admins).

Each question asks for a real situation ("tell me about a time"), and says what a strong and a
weak answer show, so interviewers probe for evidence rather than opinions. The starter questions
are written fresh for dayone. The kit warns when a question would be asked twice of the same
candidate. Every read of the company's questions goes through the ``question_*`` selectors here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from dayone.server.core.access import ensure_can_read
from dayone.server.core.models import User
from dayone.server.hiring.models import Interview, InterviewQuestion, InterviewQuestionRevision
from dayone.server.teams import selectors as teams_selectors

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AnonymousUser

    from dayone.server.teams.models import Principle


@dataclass(frozen=True)
class Question:
    """One behavioural question and what a strong and a weak answer show."""

    text: str
    strong: str
    weak: str
    own: InterviewQuestion | None = None
    """The company's question this is (``None``: a starter question)."""


QUESTION_BANK: dict[str, tuple[Question, ...]] = {
    "Customer Obsession": (
        Question(
            "Tell me about a time you changed your plan because of what one customer told you.",
            "Names the customer and what they said, explains why the anecdote outweighed the "
            "average, and shows what changed for customers afterwards.",
            "Talks about 'the customer' in general, or only about a survey score.",
        ),
        Question(
            "Describe a decision where what was good for customers and what was good for your "
            "team's numbers pulled apart.",
            "Chose the customer, says what it cost and how they explained it upward.",
            "Cannot recall such a tension, or chose the metric without noticing the cost.",
        ),
    ),
    "Ownership": (
        Question(
            "Tell me about a problem outside your area that you fixed anyway.",
            "Saw it, took it on without being asked, followed it through to the end and made "
            "sure it stayed fixed.",
            "Raised a ticket and moved on, or waited for the owner.",
        ),
        Question(
            "Describe a time you traded a short-term result for a long-term one.",
            "Explains the trade in numbers, who disagreed and how it turned out years later.",
            "Only short-term examples, or the trade was someone else's call.",
        ),
    ),
    "Invent and Simplify": (
        Question(
            "Tell me about the simplest solution you found to a hard problem.",
            "Removed steps or parts rather than adding them, and shows the before and after.",
            "Describes adding a tool or a process, or the idea was someone else's.",
        ),
    ),
    "Are Right, A Lot": (
        Question(
            "Tell me about a time you were sure you were right and turned out to be wrong.",
            "Says what they believed, what evidence changed their mind and how they now look "
            "for views that disagree with theirs.",
            "Cannot name one, or blames the information they were given.",
        ),
    ),
    "Learn and Be Curious": (
        Question(
            "What is something you taught yourself in the last year, and what did you do with it?",
            "Learned it for a reason, applied it to real work, and can say what it changed.",
            "Lists courses taken without what came of them.",
        ),
    ),
    "Hire and Develop the Best": (
        Question(
            "Tell me about someone whose growth you were responsible for.",
            "Names what the person could not do before and can do now, and what the candidate "
            "did to get them there, including hard feedback.",
            "Talks about being a friendly mentor without a change anyone could see.",
        ),
    ),
    "Insist on the Highest Standards": (
        Question(
            "Tell me about a time you refused to ship something that met the requirements.",
            "Explains the gap between 'met the requirements' and good enough, what they did "
            "and the cost of the delay.",
            "Shipped it and fixed it later, or the standard came from someone else.",
        ),
    ),
    "Think Big": (
        Question(
            "Describe a plan you proposed that was much larger than what you were asked for.",
            "Sets out the bold direction, how they made the case and the first concrete step.",
            "Ambition without a plan, or an incremental change described as big.",
        ),
    ),
    "Bias for Action": (
        Question(
            "Tell me about a decision you made with much less information than you wanted.",
            "Knew the decision was reversible, decided fast, watched the result and adjusted.",
            "Waited for certainty, or acted without weighing what could go wrong.",
        ),
    ),
    "Frugality": (
        Question(
            "Tell me about a time you achieved more with fewer people or less money.",
            "Shows the constraint, the inventive way around it, and the result in numbers.",
            "Cut costs without regard to the result, or asked for more budget first.",
        ),
    ),
    "Earn Trust": (
        Question(
            "Tell me about a time you told a colleague or a customer something they did not "
            "want to hear.",
            "Said it directly and with respect, listened, and the relationship held.",
            "Avoided the conversation, or delivered it in a way that cost the relationship.",
        ),
    ),
    "Dive Deep": (
        Question(
            "Tell me about a metric that looked fine while something was wrong underneath.",
            "Went to the data and the anecdotes themselves, found the real cause and can "
            "explain it in detail.",
            "Relied on a dashboard or on what a report said, without checking it.",
        ),
    ),
    "Have Backbone; Disagree and Commit": (
        Question(
            "Tell me about a time you disagreed with your manager's decision.",
            "Disagreed openly with evidence, then committed fully once decided, and says what "
            "happened next.",
            "Went along silently, or kept resisting after the decision was made.",
        ),
    ),
    "Deliver Results": (
        Question(
            "Tell me about a goal you missed, and what you did about it.",
            "Owns the miss, names the inputs that failed, what they changed and what they "
            "delivered afterwards.",
            "Blames circumstances, or only describes goals that were met.",
        ),
    ),
    "Strive to be Earth's Best Employer": (
        Question(
            "Tell me about something you changed to make your team's work safer or fairer.",
            "Noticed a concrete problem people faced, changed it and can show it stayed changed.",
            "Talks about values in general, without a change they made.",
        ),
    ),
    "Success and Scale Bring Broad Responsibility": (
        Question(
            "Tell me about a time you considered the effects of your work beyond your own "
            "customers.",
            "Names the wider effect (on a community, the environment, partners) and what "
            "they did about it.",
            "Has not considered effects outside the team's goals.",
        ),
    ),
}


def questions_for(principle_name: str) -> tuple[Question, ...]:
    """The starter questions for a principle, by its name (none for a company's own)."""
    return QUESTION_BANK.get(principle_name, ())


def _as_question(own: InterviewQuestion) -> Question:
    return Question(own.text, own.strong, own.weak, own=own)


def question_list(
    *,
    viewer: User | AnonymousUser,
    principle_ids: set[int] | None = None,
    include_retired: bool = False,
) -> QuerySet[InterviewQuestion]:
    """The company's own questions (everyone signed in reads them), in the bank's order."""
    ensure_can_read(viewer)
    questions = InterviewQuestion.objects.select_related("principle", "created_by")
    if principle_ids is not None:
        questions = questions.filter(principle_id__in=principle_ids)
    if not include_retired:
        questions = questions.filter(retired_at__isnull=True)
    return questions.order_by("principle__position", "created_at", "pk")


def question_get(*, viewer: User | AnonymousUser, pk: int) -> InterviewQuestion:
    """One of the company's questions, retired or not."""
    try:
        return question_list(viewer=viewer, include_retired=True).get(pk=pk)
    except InterviewQuestion.DoesNotExist as exc:
        raise Http404("No such question.") from exc


def question_revisions(
    *, viewer: User | AnonymousUser, question: InterviewQuestion
) -> QuerySet[InterviewQuestionRevision]:
    """Every wording a question has had, newest first."""
    ensure_can_read(viewer)
    return question.revisions.select_related("author").order_by("-number")


@dataclass
class BankRow:
    """One principle of the bank: the starter questions, then the company's own."""

    principle: Principle
    starter: tuple[Question, ...]
    own: list[Question] = field(default_factory=list)
    retired: list[InterviewQuestion] = field(default_factory=list)

    @property
    def questions(self) -> list[Question]:
        """Every question in use, the starter ones first."""
        return [*self.starter, *self.own]


def question_bank(*, viewer: User | AnonymousUser) -> list[BankRow]:
    """The bank: each active principle with its starter and own questions (two queries)."""
    principles = teams_selectors.principle_list(viewer=viewer).order_by("position", "name")
    rows = {p.pk: BankRow(p, questions_for(p.name)) for p in principles}
    for own in question_list(viewer=viewer, principle_ids=set(rows), include_retired=True):
        row = rows[own.principle_id]
        if own.is_retired:
            row.retired.append(own)
        else:
            row.own.append(_as_question(own))
    return list(rows.values())


@dataclass(frozen=True)
class PlannedQuestion:
    """A question in an interviewer's kit, with why it may repeat for the candidate."""

    question: Question
    warnings: tuple[str, ...]


TWICE_IN_LOOP = (
    "Also planned for {names} in this loop: agree who asks it, or ask a different question."
)
ASKED_BEFORE = "Already planned for this candidate in the loop of {date:%d %b %Y}: ask another."


def kit_questions(interview: Interview) -> dict[int, list[PlannedQuestion]]:
    """Each of the interview's principles' questions (by principle id), warning when another
    interviewer in the loop has the same question planned, or when an earlier loop of this
    candidate planned it already. Reads only the loop plans, never feedback."""
    principles = list(interview.principles.all())
    wanted = {p.pk for p in principles}
    own: dict[int, list[Question]] = {}
    for question in InterviewQuestion.objects.filter(
        principle_id__in=wanted, retired_at__isnull=True
    ).order_by("created_at", "pk"):
        own.setdefault(question.principle_id, []).append(_as_question(question))
    others: dict[int, list[str]] = {}
    earlier: dict[int, datetime] = {}
    seats = (
        Interview.objects.filter(
            loop__candidate_id=interview.loop.candidate_id, principles__in=wanted
        )
        .exclude(pk=interview.pk)
        .values_list("principles", "loop_id", "loop__created_at", "interviewer_id")
        .distinct()
    )
    names = {
        person.pk: str(person)
        for person in User.objects.filter(
            pk__in={row[3] for row in seats if row[1] == interview.loop_id}
        )
    }
    for principle_id, loop_id, created_at, person_id in seats:
        if principle_id not in wanted:
            continue
        if loop_id == interview.loop_id:
            others.setdefault(principle_id, []).append(names[person_id])
        elif created_at < interview.loop.created_at:
            earlier[principle_id] = max(earlier.get(principle_id, created_at), created_at)
    planned: dict[int, list[PlannedQuestion]] = {}
    for principle in principles:
        warnings: list[str] = []
        if principle.pk in others:
            warnings.append(TWICE_IN_LOOP.format(names=", ".join(sorted(others[principle.pk]))))
        if principle.pk in earlier:
            warnings.append(ASKED_BEFORE.format(date=earlier[principle.pk]))
        planned[principle.pk] = [
            PlannedQuestion(question, tuple(warnings))
            for question in (*questions_for(principle.name), *own.get(principle.pk, ()))
        ]
    return planned
