"""Pages of ideas: the list with its figures, submitting one (similar ideas suggested as one
types), and an idea's page where leaders answer, the proposer takes it to another leader or
the next level up, and people vote, comment and merge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dayone.customers import ModelMissingError, embed, model_available
from dayone.server.core.access import writers_only
from dayone.server.core.selectors import user_named
from dayone.server.core.utils import action_post, current_user, form_post
from dayone.server.customers import idea_selectors, rules, selectors, services
from dayone.server.customers.enums import IdeaStatus
from dayone.server.customers.forms import (
    IdeaAnswerForm,
    IdeaAskForm,
    IdeaCommentForm,
    IdeaForm,
    IdeaMergeForm,
)
from dayone.server.customers.models import Idea

if TYPE_CHECKING:
    from django.forms import Form
    from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 50
MIN_TYPED = 12
"""Suggestions start once this many characters are typed."""


@require_GET
def idea_list(request: HttpRequest) -> HttpResponse:
    """Ideas, most voted first, with the figures: ideas a week, time to a first answer, each
    leader's yes rate, and how often a no was overturned on another path."""
    status = request.GET.get("status", "")
    mine = request.GET.get("waiting") == "me" and request.user.is_authenticated
    filters = idea_selectors.IdeaFilters(
        status=status if status in IdeaStatus.values else "",
        waiting_on=request.user.pk if mine else None,
        q=request.GET.get("q", "").strip(),
    )
    rows = idea_selectors.idea_list(viewer=request.user, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    stats = idea_selectors.idea_stats(viewer=request.user, last=idea_selectors.this_week_end())
    return render(
        request,
        "customers/idea_list.html",
        {
            "page": page,
            "filters": filters,
            "mine": mine,
            "statuses": IdeaStatus.choices,
            "stats": stats,
            "status_counts": [
                (label, stats.by_status.get(value, 0)) for value, label in IdeaStatus.choices
            ],
            "weeks": list(zip(stats.ends, stats.per_week, strict=True)),
            "week_max": max(stats.per_week or (0,)) or 1,
        },
    )


def _submit(user: Any, data: dict[str, Any]) -> Idea:
    from dayone.server.teams.selectors import team_named

    anecdotes = []
    for pk in data["anecdotes"]:
        try:
            anecdotes.append(selectors.anecdote_get(viewer=user, pk=pk))
        except Http404:
            raise ValidationError({"anecdotes": f"There is no anecdote {pk}."}) from None
    return services.idea_submit(
        actor=user,
        title=data["title"],
        customer=data["customer"],
        problem=data["problem"],
        evidence=data["evidence"],
        anecdotes=anecdotes,
        small=data["small"],
        team=team_named(viewer=user, slug=data["team"] or None, field="team"),
        leader=user_named(viewer=user, username=data["leader"] or None, field="leader"),
    )


@require_http_methods(["GET", "POST"])
@writers_only
def idea_new(request: HttpRequest) -> HttpResponse:
    """Submit an idea, starting from the customer; an anecdote's page links here with it."""
    user = current_user(request)
    initial = {}
    anecdote = request.GET.get("anecdote", "")
    if anecdote.isdigit():
        found = selectors.anecdote_get(viewer=user, pk=int(anecdote))
        initial = {"anecdotes": str(found.pk), "evidence": f'A customer said: "{found.text}"'}
    form = IdeaForm(request.POST or None, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: _submit(user, data),
        message=lambda idea: f"Idea {idea.pk} submitted.",
        then=lambda idea: redirect("customers:idea", pk=idea.pk),
    )
    return done or render(
        request,
        "customers/idea_form.html",
        {"form": form, "leaders": idea_selectors.leader_list(viewer=user)},
        status=422 if form.errors else 200,
    )


@require_GET
def idea_similar(request: HttpRequest) -> HttpResponse:
    """The ideas most similar in meaning to what is being typed (a fragment of the form)."""
    title = request.GET.get("title", "")
    problem = request.GET.get("problem", "")
    typed = services.idea_text(title, problem) if (title + problem).strip() else ""
    found: list[tuple[Idea, float]] = []
    ready = model_available()
    if ready and len(typed) >= MIN_TYPED:
        try:
            vector = embed([typed])[0]
        except ModelMissingError:
            ready = False
        else:
            found = idea_selectors.idea_similar(viewer=request.user, vector=vector)
    return render(
        request,
        "customers/partials/_similar_ideas.html",
        {"found": found, "ready": ready, "typed": len(typed) >= MIN_TYPED},
    )


def _detail(request: HttpRequest, idea: Idea, **forms: Form) -> dict[str, Any]:
    user = current_user(request)
    asks = list(idea.asks.all())
    mine = [a for a in asks if not a.answer and rules.idea_can_answer(user, a)]
    similar: list[tuple[Idea, float]] = []
    if idea.vector and idea.status != IdeaStatus.MERGED:
        from dayone.server.customers.models import vector_from

        similar = idea_selectors.idea_similar(
            viewer=user, vector=vector_from(idea.vector), exclude=idea.pk
        )
    open_idea = idea.status != IdeaStatus.MERGED
    return {
        "idea": idea,
        "asks": asks,
        "to_answer": mine,
        "answer_form": forms.get("answer_form")
        or IdeaAnswerForm(initial={"ask": mine[0].pk if mine else None}),
        "ask_form": forms.get("ask_form") or IdeaAskForm(),
        "comment_form": forms.get("comment_form") or IdeaCommentForm(),
        "merge_form": forms.get("merge_form") or IdeaMergeForm(),
        "can_ask": open_idea and rules.idea_can_ask(user, idea),
        "can_take_up": open_idea
        and rules.idea_can_ask(user, idea)
        and any(a.answer == "no" for a in asks),
        "voted": idea_selectors.idea_has_voted(viewer=user, idea=idea),
        "can_write": open_idea and user.can_write,
        "similar": similar,
        "leaders": idea_selectors.leader_list(viewer=user),
    }


@require_GET
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One idea: who the customer is, the problem, the evidence, every path to a yes."""
    idea = idea_selectors.idea_get(viewer=request.user, pk=pk)
    return render(request, "customers/idea_detail.html", _detail(request, idea))


def _again(request: HttpRequest, idea: Idea, **forms: Form) -> HttpResponse:
    """The idea's page again with the form that had errors, as a 422."""
    fresh = idea_selectors.idea_get(viewer=request.user, pk=idea.pk)
    return render(
        request, "customers/idea_detail.html", _detail(request, fresh, **forms), status=422
    )


@require_POST
def idea_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The asked leader answers: yes, or no with a written reason."""
    idea = idea_selectors.idea_get(viewer=request.user, pk=pk)
    user = current_user(request)
    form = IdeaAnswerForm(request.POST)
    asks = {a.pk: a for a in idea.asks.all()}

    def answer(data: dict[str, Any]) -> Any:
        ask = asks.get(data["ask"])
        if ask is None:
            raise ValidationError({"ask": "That ask is not on this idea."})
        return services.idea_answer(
            actor=user, ask=ask, answer=data["answer"], reason=data["reason"], starts=data["starts"]
        )

    done = form_post(
        request,
        form,
        answer,
        message=lambda ask: f"You said {ask.get_answer_display().lower()}.",
        then=redirect("customers:idea", pk=pk),
    )
    return done or _again(request, idea, answer_form=form)


@require_POST
def idea_ask(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposer takes the idea to another leader."""
    idea = idea_selectors.idea_get(viewer=request.user, pk=pk)
    user = current_user(request)
    form = IdeaAskForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.idea_ask(
            actor=user,
            idea=idea,
            leader=user_named(viewer=user, username=data["leader"], field="leader"),
        ),
        message=lambda ask: f"Asked {ask.leader}.",
        then=redirect("customers:idea", pk=pk),
    )
    return done or _again(request, idea, ask_form=form)


@require_POST
def idea_take_up(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposer takes the idea to the next level up."""
    idea = idea_selectors.idea_get(viewer=request.user, pk=pk)
    return action_post(
        request,
        lambda: services.idea_take_up(actor=current_user(request), idea=idea),
        message=lambda ask: f"Taken to {ask.leader}, the next level up.",
        then=redirect("customers:idea", pk=pk),
    )


@require_POST
def idea_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Vote for the idea, or take the vote back."""
    idea = idea_selectors.idea_get(viewer=request.user, pk=pk)
    on = request.POST.get("vote", "1") == "1"
    return action_post(
        request,
        lambda: services.idea_vote(actor=current_user(request), idea=idea, on=on),
        message=lambda voted: "Voted." if voted else "Vote taken back.",
        then=redirect("customers:idea", pk=pk),
    )


@require_POST
def idea_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Comment on the idea."""
    idea = idea_selectors.idea_get(viewer=request.user, pk=pk)
    form = IdeaCommentForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.idea_comment(
            actor=current_user(request), idea=idea, text=data["text"]
        ),
        message="Comment added.",
        then=redirect("customers:idea", pk=pk),
    )
    return done or _again(request, idea, comment_form=form)


def _idea_named(request: HttpRequest, pk: int) -> Idea:
    try:
        return idea_selectors.idea_get(viewer=request.user, pk=pk)
    except Http404:
        raise ValidationError({"into": f"There is no idea {pk}."}) from None


@require_POST
def idea_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the idea into another: voters, comments and anecdotes go with it."""
    idea = idea_selectors.idea_get(viewer=request.user, pk=pk)
    form = IdeaMergeForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.idea_merge(
            actor=current_user(request), idea=idea, into=_idea_named(request, data["into"])
        ),
        message=lambda merged: f"Merged into idea {merged.merged_into_id}.",
        then=lambda merged: redirect("customers:idea", pk=merged.merged_into_id),
    )
    return done or _again(request, idea, merge_form=form)
