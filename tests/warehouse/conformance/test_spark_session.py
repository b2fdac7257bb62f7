"""A local Spark session is set up for data of any size on one machine."""

from __future__ import annotations

import pytest

from dayone import warehouse
from dayone.warehouse._spark import local_shuffle_partitions

pytestmark = pytest.mark.spark


def _setting(wh: warehouse.Warehouse, key: str) -> str:
    return str(wh.query(f"SET {key}").column("value")[0].as_py())


def test_a_local_session_lets_adaptive_execution_size_its_shuffle_partitions(
    spark_warehouse: warehouse.Warehouse,
) -> None:
    # Many shuffle partitions, merged after each shuffle: a small query reads few, and a large
    # join's partitions stay small enough to sort in memory.
    assert _setting(spark_warehouse, "spark.sql.shuffle.partitions") == "200"
    assert _setting(spark_warehouse, "spark.sql.adaptive.enabled") == "true"
    assert _setting(spark_warehouse, "spark.sql.adaptive.coalescePartitions.enabled") == "true"
    assert _setting(spark_warehouse, "spark.shuffle.sort.bypassMergeThreshold") == "16"
    assert _setting(spark_warehouse, "spark.sql.session.timeZone") == "UTC"
    assert _setting(spark_warehouse, "spark.sql.ansi.enabled") == "true"


def test_the_environment_chooses_the_shuffle_partitions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DAYONE_SPARK_SHUFFLE_PARTITIONS", raising=False)
    assert local_shuffle_partitions() == 200
    monkeypatch.setenv("DAYONE_SPARK_SHUFFLE_PARTITIONS", "16")
    assert local_shuffle_partitions() == 16


@pytest.mark.parametrize("value", ["0", "-4", "many", "2.5"])
def test_a_bad_partition_count_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("DAYONE_SPARK_SHUFFLE_PARTITIONS", value)
    with pytest.raises(
        warehouse.WarehouseError, match=r"DAYONE_SPARK_SHUFFLE_PARTITIONS=.*whole number"
    ):
        local_shuffle_partitions()
