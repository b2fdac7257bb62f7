"""API of ideas: list, read and submit; similar ideas for what is typed; take an idea to a
leader or the next level up; answer; vote, comment, merge; and the ideas page's figures."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from dayone.customers import ModelMissingError, embed, model_available
from dayone.server.core.api_types import IsoDate
from dayone.server.core.pagination import Page, PageIn, page_of
from dayone.server.core.selectors import user_named
from dayone.server.customers import idea_selectors, selectors, services

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dayone.server.core.models import User
    from dayone.server.customers.models import Idea, IdeaAsk

router = Router(tags=["customers"])


class IdeaAskOut(Schema):
    id: int
    leader: str
    via: str
    asked_at: datetime
    answer: str
    reason: str
    answered_at: datetime | None


class IdeaOut(Schema):
    id: int
    title: str
    customer: str
    problem: str
    evidence: str
    small: bool
    team: str | None
    proposer: str
    status: str
    votes: int
    anecdotes: list[int]
    merged_into: int | None
    document: int | None
    experiment: int | None
    created_at: datetime
    asks: list[IdeaAskOut]


class IdeaIn(Schema):
    title: str
    customer: str
    problem: str
    evidence: str
    anecdotes: list[int] = []
    small: bool = False
    team: str = Field("", description="The team's short name (slug)")
    leader: str = Field("", description="The username of the leader to ask first")


class IdeaFilterIn(Schema):
    status: str = ""
    q: str = ""


class IdeaSimilarIn(Schema):
    text: str = Field(..., min_length=1, max_length=4000, description="What is being typed")


class IdeaSimilarOut(Schema):
    id: int
    title: str
    status: str
    votes: int
    similarity: float


class IdeaLeaderIn(Schema):
    leader: str


class IdeaAnswerIn(Schema):
    ask: int
    answer: str = Field(..., description="yes or no")
    reason: str = Field("", description="Required for a no")
    starts: str = Field("", description="prfaq or experiment; by default as the idea asks")


class IdeaVoteIn(Schema):
    vote: bool = True


class IdeaCommentIn(Schema):
    text: str


class IdeaMergeIn(Schema):
    into: int


class IdeaLeaderRateOut(Schema):
    leader: str
    answered: int
    yes: int
    rate: float


class IdeaStatsOut(Schema):
    weeks: list[date]
    per_week: list[int]
    total: int
    by_status: dict[str, int]
    first_answer_hours: float | None
    waiting: int
    leaders: list[IdeaLeaderRateOut]
    noes: int
    overturned: int


def _ask_out(ask: IdeaAsk) -> dict[str, Any]:
    return {
        "id": ask.pk,
        "leader": ask.leader.username,
        "via": ask.via,
        "asked_at": ask.asked_at,
        "answer": ask.answer,
        "reason": ask.reason,
        "answered_at": ask.answered_at,
    }


def _idea_out(idea: Idea) -> dict[str, Any]:
    return {
        "id": idea.pk,
        "title": idea.title,
        "customer": idea.customer,
        "problem": idea.problem,
        "evidence": idea.evidence,
        "small": idea.small,
        "team": idea.team.slug if idea.team else None,
        "proposer": idea.proposer.username,
        "status": idea.status,
        "votes": getattr(idea, "vote_count", 0),
        "anecdotes": [a.pk for a in idea.anecdotes.all()],
        "merged_into": idea.merged_into_id,
        "document": idea.document_id,
        "experiment": idea.experiment_id,
        "created_at": idea.created_at,
        "asks": [_ask_out(a) for a in idea.asks.all()],
    }


def _full(user: Any, pk: int) -> dict[str, Any]:
    return _idea_out(idea_selectors.idea_get(viewer=user, pk=pk))


@router.get("", response=Page[IdeaOut], summary="Ideas, most voted first")
def idea_list(
    request: HttpRequest, filters: Query[IdeaFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    rows = idea_selectors.idea_list(
        viewer=request.user, filters=idea_selectors.IdeaFilters(status=filters.status, q=filters.q)
    ).prefetch_related("anecdotes", "asks__leader")
    return page_of(rows, page, render=lambda chunk: [_idea_out(i) for i in chunk])


@router.get("/stats", response=IdeaStatsOut, summary="Ideas a week, answers and yes rates")
def idea_stats(request: HttpRequest, last: IsoDate | None = None) -> dict[str, Any]:
    stats = idea_selectors.idea_stats(
        viewer=request.user, last=last or idea_selectors.this_week_end()
    )
    return {
        "weeks": list(stats.ends),
        "per_week": list(stats.per_week),
        "total": stats.total,
        "by_status": stats.by_status,
        "first_answer_hours": stats.first_answer_hours,
        "waiting": stats.waiting,
        "leaders": [
            {"leader": r.leader.username, "answered": r.answered, "yes": r.yes, "rate": r.rate}
            for r in stats.leaders
        ],
        "noes": stats.noes,
        "overturned": stats.overturned,
    }


@router.get("/similar", response=list[IdeaSimilarOut], summary="Ideas similar in meaning to a text")
def idea_similar(request: HttpRequest, query: Query[IdeaSimilarIn]) -> list[dict[str, Any]]:
    if not model_available():
        raise ValidationError({"text": "Similar ideas need the sentence-embedding model."})
    try:
        vector = embed([query.text])[0]
    except ModelMissingError as exc:
        raise ValidationError({"text": str(exc)}) from None
    return [
        {
            "id": idea.pk,
            "title": idea.title,
            "status": idea.status,
            "votes": getattr(idea, "vote_count", 0),
            "similarity": round(score, 4),
        }
        for idea, score in idea_selectors.idea_similar(viewer=request.user, vector=vector)
    ]


@router.get("/{idea_id}", response=IdeaOut, summary="One idea with every path to a yes")
def idea_get(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    return _full(request.user, idea_id)


@router.post("", response={201: IdeaOut}, summary="Submit an idea, starting from the customer")
def idea_submit(request: HttpRequest, payload: IdeaIn) -> Status[dict[str, Any]]:
    from dayone.server.teams.selectors import team_named

    user: User = request.auth  # type: ignore[attr-defined]
    anecdotes = []
    for index, pk in enumerate(payload.anecdotes):
        try:
            anecdotes.append(selectors.anecdote_get(viewer=user, pk=pk))
        except Http404:
            raise ValidationError({f"anecdotes.{index}": f"There is no anecdote {pk}."}) from None
    idea = services.idea_submit(
        actor=user,
        title=payload.title,
        customer=payload.customer,
        problem=payload.problem,
        evidence=payload.evidence,
        anecdotes=anecdotes,
        small=payload.small,
        team=team_named(viewer=user, slug=payload.team or None, field="team"),
        leader=user_named(viewer=user, username=payload.leader or None, field="leader"),
    )
    return Status(201, _full(user, idea.pk))


@router.post("/{idea_id}/ask", response=IdeaOut, summary="Take an idea to another leader")
def idea_ask(request: HttpRequest, idea_id: int, payload: IdeaLeaderIn) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    idea = idea_selectors.idea_get(viewer=user, pk=idea_id)
    leader = user_named(viewer=user, username=payload.leader, field="leader")
    services.idea_ask(actor=user, idea=idea, leader=leader)
    return _full(user, idea_id)


@router.post("/{idea_id}/up", response=IdeaOut, summary="Take an idea to the next level up")
def idea_take_up(request: HttpRequest, idea_id: int) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    services.idea_take_up(actor=user, idea=idea_selectors.idea_get(viewer=user, pk=idea_id))
    return _full(user, idea_id)


@router.post("/{idea_id}/answer", response=IdeaOut, summary="Answer yes, or no in writing")
def idea_answer(request: HttpRequest, idea_id: int, payload: IdeaAnswerIn) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    idea = idea_selectors.idea_get(viewer=user, pk=idea_id)
    ask = next((a for a in idea.asks.all() if a.pk == payload.ask), None)
    if ask is None:
        raise ValidationError({"ask": f"Ask {payload.ask} is not on idea {idea_id}."})
    services.idea_answer(
        actor=user, ask=ask, answer=payload.answer, reason=payload.reason, starts=payload.starts
    )
    return _full(user, idea_id)


@router.post("/{idea_id}/vote", response=IdeaOut, summary="Vote for an idea, or take it back")
def idea_vote(request: HttpRequest, idea_id: int, payload: IdeaVoteIn) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    idea = idea_selectors.idea_get(viewer=user, pk=idea_id)
    services.idea_vote(actor=user, idea=idea, on=payload.vote)
    return _full(user, idea_id)


@router.post("/{idea_id}/comments", response=IdeaOut, summary="Comment on an idea")
def idea_comment(request: HttpRequest, idea_id: int, payload: IdeaCommentIn) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    idea = idea_selectors.idea_get(viewer=user, pk=idea_id)
    services.idea_comment(actor=user, idea=idea, text=payload.text)
    return _full(user, idea_id)


@router.post(
    "/{idea_id}/merge", response=IdeaOut, summary="Merge an idea into another (answers that one)"
)
def idea_merge(request: HttpRequest, idea_id: int, payload: IdeaMergeIn) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    idea = idea_selectors.idea_get(viewer=user, pk=idea_id)
    try:
        into = idea_selectors.idea_get(viewer=user, pk=payload.into)
    except Http404:
        raise ValidationError({"into": f"There is no idea {payload.into}."}) from None
    services.idea_merge(actor=user, idea=idea, into=into)
    return _full(user, payload.into)
