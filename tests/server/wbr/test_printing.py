"""Printed decks: printed ahead of the reader who reads a week's deck, printed once, kept in the
data folder for every worker, and a reader who asks while it prints waits for that print."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from dayone.server.wbr import printing, selectors
from tests.server.wbr.conftest import END

pytestmark = pytest.mark.django_db

OLDER = END - dt.timedelta(weeks=4)


@pytest.fixture
def slow_printer(monkeypatch):
    """Chromium's print, faked: it takes half a second and says which week it printed."""
    printed: list[tuple[dt.date, str]] = []

    def fake_pdf(deck, *, commentary=None, extra=(), beside=None, background=False):
        time.sleep(0.5)
        name = threading.current_thread().name
        printed.append((deck.week_ending, f"{name} (low priority)" if background else name))
        return f"%PDF-1.7 {deck.week_ending}".encode()

    monkeypatch.setattr(selectors, "render_pdf", fake_pdf)
    caches["printed"].clear()
    return printed


def test_reading_a_weeks_deck_prints_its_pdf_ahead_and_the_pdf_waits_for_that_print(
    client, riverbend, settings, slow_printer
):
    settings.DAYONE_PRINT_AHEAD = "all"
    client.force_login(riverbend["eleanor.voss"])
    week = {"week": OLDER.isoformat()}
    assert client.get(reverse("wbr:deck_body"), week).status_code == 200
    started = time.monotonic()
    pdf = client.get(reverse("wbr:deck_pdf"), week)  # asked for while the print is under way
    assert pdf.content == f"%PDF-1.7 {OLDER}".encode()
    assert time.monotonic() - started < 0.5 + 0.4  # it waited for the print, not a second one
    assert slow_printer == [(OLDER, "dayone-print (low priority)")]
    client.get(reverse("wbr:deck_body"), week)
    client.get(reverse("wbr:deck_pdf"), week)
    assert len(slow_printer) == 1, "printed once"


def test_by_default_only_the_latest_weeks_deck_prints_its_pdf_ahead(
    client, riverbend, settings, slow_printer
):
    settings.DAYONE_PRINT_AHEAD = "latest"
    client.force_login(riverbend["priya.raman"])
    client.get(reverse("wbr:deck_body"), {"week": OLDER.isoformat()})
    time.sleep(0.7)
    assert slow_printer == [], "an older week is printed when asked for"
    client.get(reverse("wbr:deck_body"))
    started = time.monotonic()
    pdf = client.get(reverse("wbr:deck_pdf"))
    assert pdf.content == f"%PDF-1.7 {END}".encode()
    assert time.monotonic() - started < 0.5 + 0.4
    assert slow_printer == [(END, "dayone-print (low priority)")]


def test_without_print_ahead_the_pdf_is_printed_when_asked_for(client, riverbend, slow_printer):
    client.force_login(riverbend["eleanor.voss"])
    week = {"week": OLDER.isoformat()}
    client.get(reverse("wbr:deck_body"), week)
    assert slow_printer == []
    assert client.get(reverse("wbr:deck_pdf"), week).content == f"%PDF-1.7 {OLDER}".encode()
    assert [name for _week, name in slow_printer] == [threading.current_thread().name]


def test_a_printed_pdf_is_kept_for_every_worker_in_the_data_folder(
    client, riverbend, slow_printer, settings
):
    client.force_login(riverbend["eleanor.voss"])
    week = {"week": OLDER.isoformat()}
    client.get(reverse("wbr:deck_pdf"), week)
    cache.clear()  # another worker: none of this process's memory
    assert client.get(reverse("wbr:deck_pdf"), week).content == f"%PDF-1.7 {OLDER}".encode()
    assert len(slow_printer) == 1
    assert list(Path(settings.CACHES["printed"]["LOCATION"]).glob("*.djcache"))
    from dayone.server.config import settings as served

    assert Path(served.CACHES["printed"]["LOCATION"]).is_relative_to(served.DAYONE_HOME)


def test_a_reader_waits_for_a_print_under_way_in_another_worker():
    store = caches["printed"]
    store.clear()
    store.set("deck-k:printing", 4242, 30)  # another worker's print

    def other_worker_finishes() -> None:
        time.sleep(0.3)
        store.set("deck-k", b"%PDF-1.7 theirs")
        store.delete("deck-k:printing")

    threading.Thread(target=other_worker_finishes).start()

    def must_not_print() -> bytes:
        raise AssertionError("a second print")

    assert printing.printed_get("deck-k", must_not_print) == b"%PDF-1.7 theirs"
