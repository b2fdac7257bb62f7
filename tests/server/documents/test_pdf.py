from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dayone import prose
from dayone.server.documents import services
from dayone.server.documents.structure import QA
from dayone.server.documents.writing import lint_text
from tests.server.documents.conftest import prfaq_parts

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "Riverbend Books ships 41,000 orders a week from Columbus; each order takes 2.9 days "
    "from click to delivery, and 94% arrive within the promised window.\n\n"
)


def pages_of(response) -> int:
    return len(PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.parametrize("paragraphs", [1, 30, 140])
def test_narrative_pdf_has_the_pages_the_linter_measured(member_client, member, paragraphs):
    body = "# Plan\n\n" + PARAGRAPH * paragraphs
    document = services.document_create(actor=member, kind="narrative", title="Plan", body=body)
    response = member_client.get(reverse("documents:pdf", args=[document.pk]))
    report = lint_text("narrative", document.head.body)
    assert (
        pages_of(response)
        == report.pages
        == document.head.pages
        == prose.measure_pages(document.head.body, "narrative").pages
    )
    if paragraphs == 140:
        assert report.pages > 6
        assert any(f.finding.rule == "page-limit" for f in report.findings)


def test_prfaq_pdf_has_the_pages_the_linter_measured(member_client, member):
    parts = prfaq_parts(solution=PARAGRAPH * 8)
    parts = type(parts)(
        questions=parts.questions,
        press=parts.press,
        external=tuple(QA(f"Question {n}?", PARAGRAPH) for n in range(20)),
        internal=parts.internal,
    )
    document = services.document_create(actor=member, kind="prfaq", title="Shelf", parts=parts)
    response = member_client.get(reverse("documents:pdf", args=[document.pk]))
    report = lint_text("prfaq", document.head.body)
    assert pages_of(response) == report.pages
    assert [s.name for s in report.sections] == ["uncounted", "press-release", "faq"]
    assert report.pages == sum(s.pages for s in report.sections)
    assert response["Content-Disposition"] == 'inline; filename="shelf-v1.pdf"'


def test_pdf_of_an_older_version(member_client, member):
    document = services.document_create(
        actor=member, kind="narrative", title="Plan", body=PARAGRAPH * 40
    )
    services.document_save(actor=member, document=document, based_on=1, title="Plan", body="Short.")
    old = member_client.get(reverse("documents:pdf", args=[document.pk]), {"v": 1})
    new = member_client.get(reverse("documents:pdf", args=[document.pk]))
    assert pages_of(old) == document.versions.get(number=1).pages > 1
    assert pages_of(new) == 1
