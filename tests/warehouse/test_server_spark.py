"""The server on Apache Spark (``DAYONE_WAREHOUSE=spark://local[1]``) serves the same experiment
results and the same WBR deck as on DuckDB, from the same data folder."""

from __future__ import annotations

import json
import math

import pytest
from django.core.cache import cache
from django.urls import reverse

from dayone.experiments import load_exposures
from dayone.server.core.demo import DemoContext
from dayone.server.wbr import selectors as wbr_selectors
from dayone.server.wbr.demo import load_demo
from dayone.server.weblab import selectors
from dayone.server.weblab.store import EXPOSURES_TABLE, open_store
from dayone.warehouse import close_local_connections
from dayone.wbr import deck_to_json
from tests.server.conftest import member  # noqa: F401 - a fixture
from tests.server.wbr.conftest import END
from tests.server.weblab.conftest import make_experiment, run, write_data

pytest.importorskip(
    "pyspark", reason="the spark extra is not installed (pip install -e '.[spark]')"
)

pytestmark = [pytest.mark.django_db, pytest.mark.spark]

SPARK = "spark://local[1]"


@pytest.fixture(scope="module", autouse=True)
def _stop_spark():
    yield
    close_local_connections()


@pytest.fixture
def store(settings, tmp_path):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    settings.DAYONE_WAREHOUSE = ""
    settings.CACHES = {
        **settings.CACHES,
        "printed": {**settings.CACHES["printed"], "LOCATION": str(tmp_path / "printed")},
    }
    return settings.DAYONE_WAREHOUSE_DIR


def _close(ours, theirs, where="") -> None:
    """Equal structures: integers and text exactly, floats within 1e-9 relative."""
    if isinstance(ours, float) or isinstance(theirs, float):
        if ours is None or theirs is None or math.isnan(ours):
            both_nan = isinstance(theirs, float) and math.isnan(theirs) and ours is not None
            assert ours == theirs or both_nan, where
        else:
            assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12), where
    elif isinstance(ours, dict):
        assert ours.keys() == theirs.keys(), where
        for key in ours:
            _close(ours[key], theirs[key], f"{where}.{key}")
    elif isinstance(ours, list):
        assert len(ours) == len(theirs), where
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            _close(a, b, f"{where}[{index}]")
    else:
        assert ours == theirs, where


def test_experiment_results_on_spark_equal_duckdb(client, member, store, settings):  # noqa: F811
    client.force_login(member)
    experiment = run(member, make_experiment(member, correction="none"))
    write_data(store, experiment.key, n=(1500, 1600), seed=3)
    page = reverse("weblab:results", args=[experiment.pk])

    duck = selectors.experiment_results(viewer=member, experiment=experiment)
    duck_html = client.get(page, HTTP_HX_REQUEST="true").content.decode()
    with open_store() as duckdb_store:
        exposures = duckdb_store.query(f"SELECT * FROM {EXPOSURES_TABLE}").drop_columns(
            ["logged_at"]
        )

    settings.DAYONE_WAREHOUSE = SPARK
    with open_store() as spark_store:
        assert spark_store.dialect == "pyspark"
        spark_store.register("copied_exposures", exposures)
        load_exposures(spark_store, "copied_exposures", table=EXPOSURES_TABLE)
        load_exposures(spark_store, "copied_exposures", table=EXPOSURES_TABLE)  # ids kept once
    assert (store / "spark" / EXPOSURES_TABLE).is_dir()
    assert selectors.experiment_exposure_count(viewer=member, experiment=experiment) == 3100
    spark = selectors.experiment_results(viewer=member, experiment=experiment)
    response = client.get(page, HTTP_HX_REQUEST="true")

    assert spark.ok, spark.message
    assert [u.units for u in spark.units] == [u.units for u in duck.units] == [1500, 1600]
    assert spark.srm_p_value == pytest.approx(duck.srm_p_value, rel=1e-9)
    for ours, theirs in zip(spark.metrics, duck.metrics, strict=True):
        assert ours.key == theirs.key
        assert ours.control.mean == pytest.approx(theirs.control.mean, rel=1e-9)
        for a, b in zip(ours.variants, theirs.variants, strict=True):
            assert (a.effect, a.ci_low, a.ci_high, a.p_value) == pytest.approx(
                (b.effect, b.ci_low, b.ci_high, b.p_value), rel=1e-9
            )
    assert response.status_code == 200
    html = response.content.decode()
    assert "3,100 units from 3,100 exposure events" in html
    assert "3,100 units from 3,100 exposure events" in duck_html
    assert "could not run" not in html


def test_the_wbr_deck_on_spark_equals_duckdb(client, store, settings, db, demo_people):
    from dayone.demo.business import generate_daily, write_daily
    from dayone.server.core import services as core_services

    write_daily(store / "parquet", generate_daily(end=END, years=2))
    core_services.organization_set(actor=None, name="Riverbend Books")
    load_demo(
        DemoContext(end=END, seed=7, people=demo_people, warehouse=store, note=lambda _m: None)
    )
    ceo = demo_people["eleanor.voss"]
    week = wbr_selectors.deck_week(viewer=ceo, week=END)
    duck = wbr_selectors.deck_get(viewer=ceo, when=week)
    cache.clear()

    settings.DAYONE_WAREHOUSE = SPARK
    spark = wbr_selectors.deck_get(viewer=ceo, when=week)
    assert duck is not None and spark is not None
    assert len(spark.metrics) == len(duck.metrics) > 10
    _close(json.loads(deck_to_json(spark)), json.loads(deck_to_json(duck)))
    client.force_login(ceo)
    body = client.get(reverse("wbr:deck_body"), {"week": END.isoformat()})
    assert body.status_code == 200
    assert f"{spark.metrics['orders'].box.last_week:,.0f}" in body.content.decode()
