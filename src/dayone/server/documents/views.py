"""Pages of documents: the list, the editor with the live linter, versions and their
comparison, edit conflicts, reviews with silent reading, comments, outcomes and the PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dayone.server.core.access import writers_only
from dayone.server.core.panels import panels_drawn
from dayone.server.core.utils import action_post, current_user, form_errors_from, form_post
from dayone.server.documents import selectors, services
from dayone.server.documents.enums import CommentState, DocumentKind, DocumentStatus
from dayone.server.documents.forms import (
    CommentForm,
    DetailsForm,
    NarrativeForm,
    OutcomeForm,
    PrFaqForm,
    ResolveForm,
    ReviewForm,
    version_form,
)
from dayone.server.documents.models import (
    Comment,
    ConflictDraft,
    Document,
    DocumentVersion,
    Review,
)
from dayone.server.documents.structure import PRFAQ_SECTIONS, PrFaq, markdown_headings
from dayone.server.documents.writing import (
    MAX_BODY_CHARS,
    diff_rows,
    export_pdf,
    lint_text,
    render_markdown,
)
from dayone.server.teams import selectors as org_selectors

if TYPE_CHECKING:
    from django.http import HttpRequest


PAGE_SIZE = 25


def _filters(request: HttpRequest) -> selectors.DocumentFilters:
    return selectors.DocumentFilters(
        status=request.GET.get("status", ""),
        kind=request.GET.get("kind", ""),
        owner=request.GET.get("owner", ""),
        team=request.GET.get("team", ""),
        q=request.GET.get("q", "").strip(),
    )


def index(request: HttpRequest) -> HttpResponse:
    """Every document, filtered by status, kind, owner, team and text."""
    filters = _filters(request)
    documents = selectors.document_list(viewer=request.user, filters=filters)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    any_filter = any((filters.status, filters.kind, filters.owner, filters.team, filters.q))
    context = {
        "page": page,
        "filters": filters,
        "any_filter": any_filter,
        "querystring": query.urlencode(),
        "statuses": DocumentStatus.choices,
        "kinds": DocumentKind.choices,
        "teams": org_selectors.team_list(viewer=request.user),
        "owners": selectors.document_owner_list(viewer=request.user),
    }
    if getattr(request, "htmx", False):
        return render(request, "documents/partials/_document_table.html", context)
    return render(request, "documents/document_list.html", context)


def _get(request: HttpRequest, document_id: int) -> Document:
    try:
        return selectors.document_get_for_user(viewer=request.user, document_id=document_id)
    except Document.DoesNotExist as exc:
        raise Http404("No such document.") from exc


def _kind(request: HttpRequest) -> str:
    kind = request.POST.get("kind") or request.GET.get("kind") or DocumentKind.PRFAQ
    if kind not in DocumentKind.values:
        raise Http404("No such kind of document.")
    return kind


def _content(form: NarrativeForm | PrFaqForm) -> dict[str, Any]:
    if isinstance(form, PrFaqForm):
        return {"parts": form.parts()}
    return {"body": form.cleaned_data.get("body") or ""}


def _editor(
    request: HttpRequest,
    *,
    form: NarrativeForm | PrFaqForm,
    kind: str,
    document: Document | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "documents/document_form.html",
        {
            "form": form,
            "kind": kind,
            "document": document,
            "is_prfaq": kind == DocumentKind.PRFAQ,
            "max_chars": MAX_BODY_CHARS,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@writers_only
def document_create(request: HttpRequest) -> HttpResponse:
    """Start a PR/FAQ (part by part) or a narrative."""
    kind = _kind(request)
    user = current_user(request)
    membership = org_selectors.team_memberships_of(viewer=user, person=user).first()
    form = version_form(
        kind,
        request.POST or None,
        initial={"team": membership.team_id if membership else None},
        creating=True,
    )
    done = form_post(
        request,
        form,
        lambda data: services.document_create(
            actor=user,
            kind=kind,
            title=data["title"],
            team=data.get("team"),
            note=data.get("note") or "",
            **_content(form),
        ),
        message="Saved as version 1.",
        then=lambda document: redirect("documents:detail", document_id=document.pk),
    )
    return done or _editor(
        request, form=form, kind=kind, document=None, status=422 if form.errors else 200
    )


def _head_parts(document: Document) -> PrFaq:
    return PrFaq.from_json(document.head.parts if document.head else None)


@require_http_methods(["GET", "POST"])
@writers_only
def document_edit(request: HttpRequest, document_id: int) -> HttpResponse:
    """Edit the latest version; a save based on an older version is kept as a conflict draft."""
    document = _get(request, document_id)
    user = current_user(request)
    head = document.head.number if document.head else 0
    initial: dict[str, Any] = {"title": document.title, "based_on": head}
    parts = _head_parts(document)
    if document.head and document.kind == DocumentKind.NARRATIVE:
        initial["body"] = document.head.body.rstrip("\n")
    taken = request.GET.get("conflict")
    if taken and request.method == "GET":
        try:
            draft = selectors.conflict_get_for_user(viewer=user, conflict_id=int(taken))
        except (ConflictDraft.DoesNotExist, ValueError) as exc:
            raise Http404("No such conflict draft.") from exc
        initial.update({"title": draft.title, "note": draft.note, "conflict": draft.pk})
        if document.kind == DocumentKind.NARRATIVE:
            initial["body"] = draft.body.rstrip("\n")
        parts = PrFaq.from_json(draft.parts)
    form = version_form(document.kind, request.POST or None, parts=parts, initial=initial)
    if request.method == "POST" and form.is_valid():
        conflict = None
        if form.cleaned_data.get("conflict"):
            try:
                conflict = selectors.conflict_get_for_user(
                    viewer=user, conflict_id=form.cleaned_data["conflict"]
                )
            except ConflictDraft.DoesNotExist as exc:
                raise Http404("No such conflict draft.") from exc
        based_on = form.cleaned_data.get("based_on")
        try:
            result = services.document_save(
                actor=user,
                document=document,
                based_on=head if based_on is None else based_on,
                title=form.cleaned_data["title"],
                note=form.cleaned_data.get("note") or "",
                conflict=conflict,
                **_content(form),
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            if result.conflict is not None:
                return _conflict_page(request, document, result.conflict, fresh=True)
            assert result.version is not None  # noqa: S101 - saved
            messages.success(request, f"Saved as version {result.version.number}.")
            return redirect("documents:detail", document_id=document.pk)
    return _editor(
        request,
        form=form,
        kind=document.kind,
        document=document,
        status=422 if form.errors else 200,
    )


def _conflict_page(
    request: HttpRequest, document: Document, draft: ConflictDraft, *, fresh: bool
) -> HttpResponse:
    head = document.head
    theirs = head.body if head else ""
    return render(
        request,
        "documents/document_conflict.html",
        {
            "document": document,
            "draft": draft,
            "head": head,
            "rows": diff_rows(theirs, draft.body),
            "fresh": fresh,
        },
        status=409 if fresh else 200,
    )


def conflict_detail(request: HttpRequest, document_id: int, conflict_id: int) -> HttpResponse:
    """A refused save beside the latest version, with the choice to take it up or discard it."""
    document = _get(request, document_id)
    try:
        draft = selectors.conflict_get_for_user(viewer=request.user, conflict_id=conflict_id)
    except ConflictDraft.DoesNotExist as exc:
        raise Http404("No such conflict draft.") from exc
    if draft.document_id != document.pk:
        raise Http404("No such conflict draft.")
    return _conflict_page(request, document, draft, fresh=False)


@require_POST
def conflict_discard(request: HttpRequest, document_id: int, conflict_id: int) -> HttpResponse:
    """Put a conflict draft away."""
    document = _get(request, document_id)
    try:
        draft = selectors.conflict_get_for_user(viewer=request.user, conflict_id=conflict_id)
    except ConflictDraft.DoesNotExist as exc:
        raise Http404("No such conflict draft.") from exc
    return action_post(
        request,
        lambda: services.conflict_discard(actor=current_user(request), conflict=draft),
        message="Conflict draft discarded.",
        then=redirect("documents:detail", document_id=document.pk),
    )


@require_POST
def lint_partial(request: HttpRequest) -> HttpResponse:
    """The linter's findings and the measured pages of the text being written (htmx)."""
    kind = _kind(request)
    form = version_form(kind, request.POST)
    form.is_valid()
    title = str(form.cleaned_data.get("title") or "")
    spans: tuple[Any, ...] = ()
    if isinstance(form, PrFaqForm):
        body, spans = form.parts().compose(title)
    else:
        body = str(form.cleaned_data.get("body") or "")
    report = lint_text(kind, body, spans)
    return render(request, "documents/partials/_lint.html", {"report": report, "live": True})


def _version(request: HttpRequest, document: Document) -> DocumentVersion:
    number = request.GET.get("v")
    if not number:
        if document.head is None:
            raise Http404("This document has no version yet.")
        return document.head
    try:
        return selectors.version_get(viewer=request.user, document=document, number=int(number))
    except (DocumentVersion.DoesNotExist, ValueError) as exc:
        raise Http404("No such version.") from exc


def _report(document: Document, version: DocumentVersion) -> Any:
    """The writing check of a saved version, with findings placed in their PR/FAQ part."""
    spans: tuple[Any, ...] = ()
    if document.kind == DocumentKind.PRFAQ and version.parts:
        body, spans = PrFaq.from_json(version.parts).compose(document.title)
        if body != version.body:  # the title changed since: lines still count, parts do not
            spans = ()
    return lint_text(document.kind, version.body, spans)


def _sections(document: Document, version: DocumentVersion) -> list[str]:
    if document.kind == DocumentKind.PRFAQ:
        return list(PRFAQ_SECTIONS)
    return markdown_headings(version.body)


def _detail(
    request: HttpRequest,
    document: Document,
    *,
    comment_form: CommentForm | None = None,
    review_form: ReviewForm | None = None,
    outcome_form: OutcomeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = request.user
    version = _version(request, document)
    comments = selectors.comment_list_for_user(viewer=viewer, document=document)
    reviews = selectors.review_list(viewer=viewer, document=document)
    open_review = next((r for r in reviews if r.is_open), None)
    report = _report(document, version)
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "version": version,
            "is_head": version.pk == document.head_id,
            "html": render_markdown(version.body),
            "versions": selectors.version_list(viewer=viewer, document=document),
            "report": report,
            "comments": comments.comments,
            "open_comments": [c for c in comments.comments if c.state == CommentState.OPEN],
            "hidden_comments": comments.hidden,
            "silent": comments.silent,
            "reviews": reviews,
            "open_review": open_review,
            "decisions": list(
                {r.decision_id: r for r in reversed(reviews) if r.decision_id}.values()
            ),
            "conflicts": selectors.conflict_list_for_user(viewer=viewer, document=document),
            "sections": _sections(document, version),
            "comment_form": comment_form or CommentForm(),
            "review_form": review_form or ReviewForm(),
            "outcome_form": outcome_form or OutcomeForm(),
            "details_form": DetailsForm(
                initial={"owner": document.owner_id, "team": document.team_id}
            ),
            "panels": panels_drawn(request, "document", document),
            "can_schedule": document.status in services.REVIEWABLE and open_review is None,
            "status_moves": [
                (value, DocumentStatus(value).label)
                for value in sorted(services.STATUS_MOVES.get(document.status, ()))
            ],
        },
        status=status,
    )


def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    """A document as it reads (any version with ``?v=``), its versions, reviews and comments."""
    return _detail(request, _get(request, document_id))


@require_GET
def version_compare(request: HttpRequest, document_id: int) -> HttpResponse:
    """Two versions side by side (``?old=`` and ``?new=``; the last two by default)."""
    document = _get(request, document_id)
    head = document.head.number if document.head else 1
    try:
        new = int(request.GET.get("new") or head)
        old = int(request.GET.get("old") or max(1, new - 1))
        diff = selectors.version_diff(viewer=request.user, document=document, old=old, new=new)
    except (ValueError, DocumentVersion.DoesNotExist) as exc:
        raise Http404("No such version.") from exc
    return render(
        request,
        "documents/version_compare.html",
        {
            "document": document,
            "diff": diff,
            "versions": selectors.version_list(viewer=request.user, document=document),
        },
    )


@require_GET
def document_pdf(request: HttpRequest, document_id: int) -> HttpResponse:
    """The document as a PDF, laid out as the linter measured it."""
    document = _get(request, document_id)
    version = _version(request, document)
    pdf = export_pdf(document.kind, version.body, document.title)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.slug}-v{version.number}.pdf"'
    return response


@require_POST
def document_status(request: HttpRequest, document_id: int) -> HttpResponse:
    """Move the document on: shipped, or back to draft."""
    document = _get(request, document_id)
    return action_post(
        request,
        lambda: services.document_set_status(
            actor=current_user(request), document=document, status=request.POST.get("status", "")
        ),
        message=lambda moved: f"Status: {moved.get_status_display().lower()}.",
        then=redirect("documents:detail", document_id=document.pk),
    )


@require_POST
def document_details(request: HttpRequest, document_id: int) -> HttpResponse:
    """Change the owner and the team."""
    document = _get(request, document_id)
    form = DetailsForm(request.POST)
    if form.is_valid():
        try:
            services.document_set_details(
                actor=current_user(request),
                document=document,
                owner=form.cleaned_data["owner"],
                team=form.cleaned_data["team"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Owner and team saved.")
    else:
        messages.error(request, "Choose an owner.")
    return redirect("documents:detail", document_id=document.pk)


@require_POST
def review_schedule(request: HttpRequest, document_id: int) -> HttpResponse:
    """Schedule a review of the latest version."""
    document = _get(request, document_id)
    form = ReviewForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.review_schedule(
            actor=current_user(request), document=document, **data
        ),
        message="Review scheduled. Readers read in silence first.",
        then=redirect("documents:detail", document_id=document.pk),
    )
    return done or _detail(request, document, review_form=form, status=422)


def _get_review(request: HttpRequest, document: Document, review_id: int) -> Review:
    try:
        review = selectors.review_get_for_user(viewer=request.user, review_id=review_id)
    except Review.DoesNotExist as exc:
        raise Http404("No such review.") from exc
    if review.document_id != document.pk:
        raise Http404("No such review.")
    return review


def review_read(request: HttpRequest, document_id: int, review_id: int) -> HttpResponse:
    """Silent reading: the version under review, a timer, and only the reader's own comments
    until they mark reading done."""
    document = _get(request, document_id)
    review = _get_review(request, document, review_id)
    user = current_user(request)
    row = next((r for r in review.reader_rows.all() if r.reader_id == user.pk), None)
    if row is not None and review.is_open and row.started_at is None:
        row = services.review_reading_start(actor=user, review=review)
    comments = selectors.comment_list_for_user(viewer=user, document=document)
    return render(
        request,
        "documents/review_read.html",
        {
            "document": document,
            "review": review,
            "row": row,
            "version": review.version,
            "html": render_markdown(review.version.body),
            "comments": comments.comments,
            "hidden_comments": comments.hidden,
            "silent": comments.silent,
            "sections": _sections(document, review.version),
            "comment_form": CommentForm(initial={"review": review.pk}),
        },
    )


@require_POST
def review_done(request: HttpRequest, document_id: int, review_id: int) -> HttpResponse:
    """The reader is done reading; the discussion opens to them."""
    document = _get(request, document_id)
    review = _get_review(request, document, review_id)
    return action_post(
        request,
        lambda: services.review_reading_done(actor=current_user(request), review=review),
        message="Reading done: the comments of the other readers are shown.",
        then=redirect("documents:detail", document_id=document.pk),
    )


@require_POST
def review_outcome(request: HttpRequest, document_id: int, review_id: int) -> HttpResponse:
    """End the review in go, iterate or not now; the decision record is linked."""
    document = _get(request, document_id)
    review = _get_review(request, document, review_id)
    form = OutcomeForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.review_outcome_record(
            actor=current_user(request),
            review=review,
            outcome=data["outcome"],
            note=data["outcome_note"],
            waivers=form.waivers(),
        ),
        message=lambda _: f"Review ended: {review.get_outcome_display().lower()}. Decision linked.",
        then=redirect("documents:detail", document_id=document.pk),
    )
    return done or _detail(request, document, outcome_form=form, status=422)


@require_POST
def comment_add(request: HttpRequest, document_id: int) -> HttpResponse:
    """Comment on a passage of the latest version (or of the version under review)."""
    document = _get(request, document_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        review = None
        if form.cleaned_data.get("review"):
            review = _get_review(request, document, form.cleaned_data["review"])
        try:
            services.comment_add(
                actor=current_user(request),
                document=document,
                section=form.cleaned_data["section"],
                quote=form.cleaned_data["quote"],
                body=form.cleaned_data["body"],
                version=review.version if review else None,
                review=review,
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Comment added.")
            if review is not None and review.is_open:
                return redirect(
                    "documents:review_read", document_id=document.pk, review_id=review.pk
                )
            return redirect("documents:detail", document_id=document.pk)
    return _detail(request, document, comment_form=form, status=422)


def _get_comment(request: HttpRequest, document: Document, comment_id: int) -> Comment:
    try:
        comment = selectors.comment_get_for_user(viewer=request.user, comment_id=comment_id)
    except Comment.DoesNotExist as exc:
        raise Http404("No such comment.") from exc
    if comment.document_id != document.pk:
        raise Http404("No such comment.")
    return comment


@require_POST
def comment_resolve(request: HttpRequest, document_id: int, comment_id: int) -> HttpResponse:
    """Resolve a comment, saying how."""
    document = _get(request, document_id)
    comment = _get_comment(request, document, comment_id)
    form = ResolveForm(request.POST)
    form.is_valid()
    return action_post(
        request,
        lambda: services.comment_resolve(
            actor=current_user(request),
            comment=comment,
            resolution=form.cleaned_data.get("resolution") or "",
        ),
        message="Comment resolved.",
        then=redirect("documents:detail", document_id=document.pk),
    )


@require_POST
def comment_carry(request: HttpRequest, document_id: int, comment_id: int) -> HttpResponse:
    """Carry an open comment to the latest version."""
    document = _get(request, document_id)
    comment = _get_comment(request, document, comment_id)
    return action_post(
        request,
        lambda: services.comment_carry(actor=current_user(request), comment=comment),
        message=lambda carried: f"Comment carried to version {carried.version.number}.",
        then=redirect("documents:detail", document_id=document.pk),
    )
