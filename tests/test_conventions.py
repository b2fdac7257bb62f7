"""The conventions check that `make lint` runs: views off the model managers, SQL text in the port."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "conventions.py"


def _conventions():
    spec = importlib.util.spec_from_file_location("conventions", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PYPROJECT = """
[project]
name = "shop"
dependencies = ["duckdb>=1.2", "PyYAML>=6"]

[project.optional-dependencies]
spark = ["pyspark[connect]>=4.0"]
dev = ["pytest>=8"]
"""


@pytest.fixture(autouse=True)
def _project(tmp_path):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)


def test_the_source_keeps_every_convention():
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
    found = _conventions().breaches(server.parent)
    assert [line.split(": ")[0] for line in found] == [
        "src/dayone/server/api/auth.py:2",
        "src/dayone/server/shop/views.py:2",
    ]


def test_sql_built_from_strings_is_allowed_only_in_the_warehouse_package(tmp_path):
    source = tmp_path / "src" / "dayone"
    (source / "warehouse").mkdir(parents=True)
    (source / "wbr").mkdir()
    silenced = 'sql = f"SELECT * FROM {name}"  # noqa: S608 - trusted\n'
    (source / "warehouse" / "_duckdb.py").write_text(silenced)
    (source / "wbr" / "_prepare.py").write_text("import duckdb\n" + silenced)
    (source / "wbr" / "_fine.py").write_text('sql = compose("SELECT * FROM {t}", t=name)\n')
    found = _conventions().breaches(source)
    assert len(found) == 1
    assert found[0].startswith(
        "src/dayone/wbr/_prepare.py:2: SQL is built only in dayone.warehouse"
    )


def test_an_import_of_a_package_users_do_not_get_is_named_with_its_line(tmp_path):
    source = tmp_path / "src" / "dayone"
    source.mkdir(parents=True)
    (source / "fine.py").write_text(
        "import json\nimport yaml\nfrom pyspark.sql import SparkSession\nfrom dayone import x\n"
    )
    (source / "tested_only.py").write_text('"""Doc."""\n\nimport pytest\n')
    (source / "along.py").write_text("def f():\n    from numpy import array\n")
    found = _conventions().breaches(source)
    assert found == [
        "src/dayone/along.py:2: imports numpy, which pyproject.toml does not declare"
        " for users (base or an extra)",
        "src/dayone/tested_only.py:3: imports pytest, which pyproject.toml does not declare"
        " for users (base or an extra)",
    ]


def test_a_form_laid_out_by_django_rather_than_the_form_partial_is_named(tmp_path):
    templates = tmp_path / "src" / "dayone" / "server" / "shop" / "templates" / "shop"
    templates.mkdir(parents=True)
    (templates / "order.html").write_text(
        '<form>\n{% include "core/partials/_form.html" with form=form %}\n</form>\n'
        "<form>{{ refund.as_div }}</form>\n"
    )
    found = _conventions().breaches(tmp_path / "src" / "dayone")
    assert found == [
        "src/dayone/server/shop/templates/shop/order.html:4: render the form with"
        ' {% include "core/partials/_form.html" with form=... %}'
    ]
