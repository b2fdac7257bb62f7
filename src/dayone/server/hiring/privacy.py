"""What dayone holds about a candidate, for an access request: admins only, as JSON.

The export goes through ``selectors.feedback_board``, so it obeys independence like every
other read: until a loop's debrief closes it says whose feedback is in, not what it says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dayone import hiring
from dayone.server.core.access import ensure_admin
from dayone.server.hiring import selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User
    from dayone.server.hiring.models import Candidate


def candidate_export(*, viewer: User | AnonymousUser, candidate: Candidate) -> dict[str, Any]:
    """Everything held about ``candidate`` that the admin may read."""
    ensure_admin(viewer)
    candidate = selectors.candidate_get_for_user(viewer=viewer, pk=candidate.pk)
    loops = []
    for loop in selectors.candidate_loops(viewer=viewer, candidate=candidate):
        board = selectors.feedback_board(viewer=viewer, loop=loop)
        loops.append(
            {
                "id": loop.pk,
                "status": loop.status,
                "outcome": loop.outcome,
                "rationale": loop.rationale if board.may_read else "",
                "vetoed": loop.vetoed,
                "veto_reason": loop.veto_reason if board.may_read else "",
                "interviews": [
                    {
                        "interviewer": seat.interview.interviewer.username,
                        "bar_raiser": seat.interview.is_bar_raiser,
                        "principles": seat.principles,
                        "starts_at": seat.interview.starts_at.isoformat(),
                        "submitted": seat.submitted,
                        "feedback": [
                            {
                                "version": f.version,
                                "overall": hiring.Rating(f.overall).key,
                                "raises_bar": f.raises_bar,
                                "raises_bar_reason": f.raises_bar_reason,
                                "submitted_at": f.submitted_at.isoformat(),
                                "ratings": [
                                    {
                                        "principle": r.principle.name,
                                        "rating": hiring.Rating(r.rating).key,
                                        "evidence": r.evidence,
                                    }
                                    for r in f.ratings.all()
                                ],
                            }
                            for f in (seat.versions if board.may_read else [])
                        ],
                    }
                    for seat in board.seats
                ],
                "feedback_readable": board.may_read,
            }
        )
    return {
        "candidate": {
            "id": candidate.pk,
            "role": candidate.role.title,
            "name": candidate.name,
            "email": candidate.email,
            "phone": candidate.phone,
            "source": candidate.source,
            "stage": candidate.stage,
            "recruiter_note": candidate.recruiter_note,
            "resume_name": candidate.resume_name,
            "resume_text": candidate.resume_text,
            "legal_hold": candidate.legal_hold,
            "created_at": candidate.created_at.isoformat(),
            "last_activity_at": candidate.last_activity_at.isoformat(),
            "erased_at": candidate.erased_at.isoformat() if candidate.erased_at else None,
        },
        "timeline": [
            {"at": e.at.isoformat(), "kind": e.kind, "summary": e.summary}
            for e in selectors.candidate_events(viewer=viewer, candidate=candidate)
        ],
        "loops": loops,
    }
