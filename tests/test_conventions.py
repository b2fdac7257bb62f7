"""The conventions check that `make lint` runs: it finds a view that queries a model itself."""

from __future__ import annotations

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parent.parent / "tools" / "conventions.py"


def _conventions():
    spec = importlib.util.spec_from_file_location("conventions", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_server_keeps_its_views_and_apis_off_the_model_managers():
    assert _conventions().breaches() == []


def test_a_view_or_api_that_uses_objects_is_named_with_its_line(tmp_path):
    server = tmp_path / "src" / "dayone" / "server"
    (server / "shop").mkdir(parents=True)
    (server / "api").mkdir()
    (server / "shop" / "views.py").write_text(
        "def index(request):\n    return Item.objects.all()\n"
    )
    (server / "shop" / "services.py").write_text("def item_create():\n    Item.objects.create()\n")
    (server / "api" / "auth.py").write_text("x = 1\ny = Token.objects.first()\n")
    found = _conventions().breaches(server)
    assert [line.split(": ")[0] for line in found] == [
        "src/dayone/server/api/auth.py:2",
        "src/dayone/server/shop/views.py:2",
    ]
