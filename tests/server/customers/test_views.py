"""The customers pages: themes, capture, import, and the choices people make about themes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dayone.server.customers.models import Anecdote, Theme
from tests.server.customers.conftest import paraphrase_csv

pytestmark = pytest.mark.django_db


def test_import_then_browse_and_rename(member_client, metric):
    bad = member_client.post(
        "/customers/anecdotes/import",
        {
            "file": SimpleUploadedFile(
                "calls.csv", b"external_id,date,channel,text\nA,2026-01-01,fax,x\n"
            )
        },
    )
    assert bad.status_code == 422
    assert "calls.csv:2: column channel: unknown channel" in bad.content.decode()
    assert Anecdote.objects.count() == 0

    done = member_client.post(
        "/customers/anecdotes/import",
        {"file": SimpleUploadedFile("calls.csv", paraphrase_csv().encode())},
    )
    assert done.status_code == 302
    assert Anecdote.objects.count() == 120
    page = member_client.get("/customers/")
    assert page.status_code == 200
    theme = Theme.objects.get(pk=Anecdote.objects.get(external_id="P-0").theme_id)
    assert theme.label in page.content.decode()

    detail = member_client.get(f"/customers/themes/{theme.pk}/")
    assert detail.status_code == 200
    renamed = member_client.post(
        f"/customers/themes/{theme.pk}/rename", {"label": "Could not reach us"}
    )
    assert renamed.status_code == 302
    theme.refresh_from_db()
    assert (theme.label, theme.kept) == ("Could not reach us", True)
    listed = member_client.get("/customers/anecdotes/?metric=contacts_per_order")
    assert listed.status_code == 200
    assert listed.content.decode().count("/customers/anecdotes/") >= 10


def test_capture_shows_markup_as_text(member_client):
    response = member_client.post(
        "/customers/anecdotes/new",
        {"text": "<script>alert(1)</script> rings out", "channel": "call", "said_on": "2026-03-02"},
    )
    assert response.status_code == 302
    page = member_client.get(response["Location"])
    body = page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; rings out" in body
    assert "<script>alert(1)</script>" not in body
    refused = member_client.post(
        "/customers/anecdotes/new", {"text": "x", "channel": "fax", "said_on": "2026-03-02"}
    )
    assert refused.status_code == 422


def test_viewers_read_but_cannot_write(client, viewer):
    client.force_login(viewer)
    assert client.get("/customers/").status_code == 200
    response = client.post(
        "/customers/anecdotes/new", {"text": "x", "channel": "call", "said_on": "2026-03-02"}
    )
    assert response.status_code == 403
    assert Anecdote.objects.count() == 0


def test_quick_capture_from_any_page_returns_to_that_page(member_client, metric):
    page = member_client.get("/goals/").content.decode()
    assert 'class="quick-capture"' in page
    assert 'name="next" value="/goals/"' in page

    response = member_client.post(
        "/customers/anecdotes/new",
        {"text": "The line just rings out, nobody picks up.", "channel": "call", "next": "/goals/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/goals/"
    anecdote = Anecdote.objects.get()
    assert anecdote.text == "The line just rings out, nobody picks up."
    assert anecdote.said_on == timezone.localdate()
    assert "Anecdote captured." in member_client.get("/goals/").content.decode()


def test_quick_capture_on_a_metric_page_is_about_that_metric(member_client, metric):
    page = member_client.get(f"/wbr/metrics/{metric.key}/").content.decode()
    assert f'name="metrics" value="{metric.key}"' in page

    member_client.post(
        "/customers/anecdotes/new",
        {"text": "Waited forty minutes on hold.", "channel": "call", "metrics": metric.key},
    )

    assert list(Anecdote.objects.get().metrics.values_list("key", flat=True)) == [metric.key]


def test_quick_capture_keeps_what_was_typed_and_never_leaves_the_site(member_client):
    refused = member_client.post(
        "/customers/anecdotes/new",
        {"text": "Nobody answered my two e-mails.", "channel": "fax", "next": "/goals/"},
    )
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "Nobody answered my two e-mails." in body
    assert 'name="next" value="/goals/"' in body
    assert Anecdote.objects.count() == 0

    elsewhere = member_client.post(
        "/customers/anecdotes/new",
        {"text": "Nobody answered.", "channel": "email", "next": "https://evil.example/"},
    )
    assert elsewhere.status_code == 302
    assert elsewhere["Location"].startswith("/customers/anecdotes/")


def test_viewers_get_no_quick_capture(client, viewer):
    client.force_login(viewer)
    assert 'class="quick-capture"' not in client.get("/goals/").content.decode()


def test_viewers_following_a_link_to_the_capture_page_are_refused(client, viewer):
    client.force_login(viewer)
    response = client.get("/customers/anecdotes/new")
    assert response.status_code == 403
    assert 'name="text"' not in response.content.decode()
