"""Résumé upload: a PDF or text within the size limit, kept in the data folder with its text
searchable; a refusal names the reason and stores nothing; erasure deletes the file."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from dayone.server.hiring import services
from dayone.server.hiring.services.resume import MAX_BYTES, resume_folder, resume_path

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_folder(settings, tmp_path):
    settings.DAYONE_HOME = tmp_path


def a_pdf(text: str) -> bytes:
    """A one-page PDF whose page shows ``text``."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_is_kept_and_its_text_searchable(client, world):
    services.candidate_resume_upload(
        actor=world.recruiter,
        candidate=world.candidate,
        name="jo.pdf",
        data=a_pdf("Kubernetes at Riverbend"),
    )
    world.candidate.refresh_from_db()
    assert "Kubernetes" in world.candidate.resume_text
    assert resume_path(world.candidate).read_bytes().startswith(b"%PDF-")
    client.force_login(world.recruiter)
    found = client.get("/api/hiring/candidates", {"q": "kubernetes"}).json()
    assert [c["id"] for c in found["items"]] == [world.candidate.pk]


def test_text_through_the_page(client, world):
    client.force_login(world.recruiter)
    upload = io.BytesIO("Jo Park — Rust, Go, eight years of payments.".encode())
    upload.name = "jo.txt"
    response = client.post(
        reverse("hiring:candidate_resume", args=[world.candidate.pk]), {"resume": upload}
    )
    assert response.status_code == 302
    world.candidate.refresh_from_db()
    assert world.candidate.resume_name == "jo.txt"
    assert "payments" in world.candidate.resume_text
    page = client.get(reverse("hiring:candidate", args=[world.candidate.pk])).content.decode()
    assert "Résumé uploaded." in page


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("big.txt", b"a" * (MAX_BYTES + 1), "the limit is 5 MB"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "must be a PDF or a plain-text file"),
        ("broken.pdf", b"%PDF-1.4 garbage", "could not be read"),
        ("empty.txt", b"", "is empty"),
    ],
)
def test_refusals_name_the_reason_and_store_nothing(world, name, data, reason):
    with pytest.raises(ValidationError, match=reason) as refused:
        services.candidate_resume_upload(
            actor=world.recruiter, candidate=world.candidate, name=name, data=data
        )
    assert "resume" in refused.value.message_dict
    world.candidate.refresh_from_db()
    assert world.candidate.resume_name == ""
    assert not resume_folder().exists() or not any(resume_folder().iterdir())


def test_erasure_deletes_the_file(world, django_capture_on_commit_callbacks):
    services.candidate_resume_upload(
        actor=world.recruiter, candidate=world.candidate, name="jo.txt", data=b"Resume-jo text"
    )
    assert resume_path(world.candidate) is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_erase(actor=world.admin, candidate=world.candidate)
    assert resume_path(world.candidate) is None


def test_the_api_takes_a_resume_and_refuses_with_the_reason(client, world):
    client.force_login(world.recruiter)
    upload = io.BytesIO(a_pdf("Jo Park: payments platform, Kotlin"))
    upload.name = "jo.pdf"
    url = f"/api/hiring/candidates/{world.candidate.pk}/resume"
    response = client.post(url, {"file": upload})
    assert response.status_code == 200, response.content
    assert response.json()["resume_name"] == "jo.pdf"
    found = client.get("/api/hiring/candidates?q=Kotlin").json()
    assert [c["id"] for c in found["items"]] == [world.candidate.pk]
    too_big = io.BytesIO(b"x" * (MAX_BYTES + 10))
    too_big.name = "big.txt"
    response = client.post(url, {"file": too_big})
    assert response.status_code == 422
    assert "resume" in response.content.decode()
    world.candidate.refresh_from_db()
    assert world.candidate.resume_name == "jo.pdf"  # the refused upload stored nothing
    client.force_login(world.outsider)
    upload.seek(0)
    assert client.post(url, {"file": upload}).status_code in {403, 404}
