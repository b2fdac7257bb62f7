"""A candidate's résumé: a PDF or a text file, within a size limit, kept in the data folder
(``hiring/resumes``) with its text extracted for search. A refused upload names the reason and
stores nothing; erasing the candidate deletes the file."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from dayone.server.core.models import User
from dayone.server.core.services import audit_record
from dayone.server.hiring.enums import EventKind
from dayone.server.hiring.models import Candidate
from dayone.server.hiring.services._common import ensure_manages, record_event

MAX_BYTES = 5 * 1024 * 1024
TOO_LARGE = "The résumé is {size} MB; the limit is 5 MB. Upload a smaller file."
NOT_PDF_OR_TEXT = "The résumé must be a PDF or a plain-text file; {name} is neither."
UNREADABLE = "The PDF {name} could not be read ({why}); upload another copy or a text file."
NO_TEXT = "{name} has no text to read (a scan?); upload a PDF with text or a text file."
EMPTY = "The file {name} is empty."


def resume_folder() -> Path:
    """Where résumés are kept, inside the data folder."""
    return Path(settings.DAYONE_HOME) / "hiring" / "resumes"


def resume_path(candidate: Candidate) -> Path | None:
    """The candidate's stored résumé, if any."""
    folder = resume_folder()
    return (
        next(iter(sorted(folder.glob(f"candidate-{candidate.pk}.*"))), None)
        if folder.exists()
        else None
    )


def resume_text(name: str, data: bytes) -> tuple[str, str]:
    """(text, suffix) of an upload, or a ``ValidationError`` on the ``resume`` field."""
    if not data:
        raise ValidationError({"resume": EMPTY.format(name=name)})
    if len(data) > MAX_BYTES:
        size = f"{len(data) / 1024 / 1024:.1f}"
        raise ValidationError({"resume": TOO_LARGE.format(size=size)})
    if data.startswith(b"%PDF-"):
        try:
            reader = PdfReader(io.BytesIO(data))
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
        except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
            why = str(exc)[:120] or type(exc).__name__
            raise ValidationError({"resume": UNREADABLE.format(name=name, why=why)}) from None
        if not text.strip():
            raise ValidationError({"resume": NO_TEXT.format(name=name)})
        return text.strip(), ".pdf"
    if b"\x00" in data:
        raise ValidationError({"resume": NOT_PDF_OR_TEXT.format(name=name)})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"resume": NOT_PDF_OR_TEXT.format(name=name)}) from None
    if not text.strip():
        raise ValidationError({"resume": NO_TEXT.format(name=name)})
    return text.strip(), ".txt"


@transaction.atomic
def candidate_resume_upload(
    *, actor: User, candidate: Candidate, name: str, data: bytes
) -> Candidate:
    """Keep a candidate's résumé and its text (replacing any earlier one)."""
    ensure_manages(actor, candidate.role)
    if candidate.erased_at is not None:
        raise ValidationError({"resume": "This candidate's personal data is erased."})
    text, suffix = resume_text(name, data)
    folder = resume_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    old = resume_path(candidate)
    target = folder / f"candidate-{candidate.pk}{suffix}"
    partial = target.with_suffix(suffix + ".part")
    partial.write_bytes(data)
    partial.replace(target)
    if old is not None and old != target:
        old.unlink(missing_ok=True)
    Candidate.objects.filter(pk=candidate.pk).update(resume_name=name[:200], resume_text=text)
    audit_record(
        actor=actor, action="candidate.resume", target=candidate, after={"bytes": len(data)}
    )
    record_event(
        candidate=candidate, actor=actor, kind=EventKind.RESUME, summary="Résumé uploaded.", at=None
    )
    candidate.refresh_from_db()
    return candidate


def resume_delete(candidate: Candidate) -> None:
    """Delete the candidate's stored résumé file (erasure)."""
    path = resume_path(candidate)
    if path is not None:
        path.unlink(missing_ok=True)
