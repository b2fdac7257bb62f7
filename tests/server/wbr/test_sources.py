from __future__ import annotations

import threading

import pyarrow.parquet as pq
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection

from dayone.server.wbr import services
from dayone.server.wbr.models import DataSource, Section
from dayone.server.wbr.store import SourceError, parquet_path, sql_profile

pytestmark = pytest.mark.django_db

GOOD = 'Date,Orders,Sessions\n2026-11-01,10,100\n2026-11-02,12,110\n2026-11-03,"1,300",120\n'


def write(tmp_path, text, name="daily.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_is_validated_and_stored_in_the_analytical_store(tmp_path, member):
    source = services.source_create_csv(
        actor=member, name="Shop", slug="shop", path=write(tmp_path, GOOD), file_name="daily.csv"
    )
    assert source.columns == ["Orders", "Sessions"]
    assert source.row_count == 3
    assert str(source.first_date) == "2026-11-01"
    assert str(source.last_date) == "2026-11-03"
    table = pq.read_table(parquet_path("shop"))
    assert table.column("Orders").to_pylist() == [10.0, 12.0, 1300.0]
    assert not list(parquet_path("shop").parent.glob("*.tmp"))


PLAN_AHEAD = (
    "Date,Orders,Orders__Target\n2026-11-01,10,11\n2026-11-02,12,11\n"
    "2026-11-03,,11\n2026-11-04,,12\n"
)


def test_a_plan_that_runs_ahead_of_the_data_does_not_move_the_last_date(tmp_path, member):
    source = services.source_create_csv(
        actor=member, name="Shop", slug="shop", path=write(tmp_path, PLAN_AHEAD), file_name="d.csv"
    )
    assert source.row_count == 4
    assert str(source.last_date) == "2026-11-02"  # the last day with data; the plan runs on
    query = services.source_create_sql(
        actor=member, name="Shop by query", slug="shop_q", query="SELECT * FROM shop"
    )
    assert str(query.last_date) == "2026-11-02"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Day2,Orders\n2026-11-01,3\n", "orders.csv:1: no date column"),
        (
            "Date,Orders\n2026-11-01,3\n2026-11-31,4\n",
            "orders.csv:3: cannot read the date '2026-11-31'",
        ),
        (
            "Date,Orders\n2026-11-01,3\n2026-11-02,12x\n",
            "orders.csv:3: value '12x' in column 'Orders' is not a number",
        ),
        (
            "Date,Orders\n2026-11-01,3\n2026-11-01,4\n",
            "orders.csv: line 3: the date 2026-11-01 appears more than once",
        ),
        ("Date,Orders\n", "orders.csv: the CSV has no data rows"),
        ("Date\n2026-11-01\n", "orders.csv:1: the CSV has a date column but no data columns"),
    ],
)
def test_a_bad_csv_gets_one_message_naming_file_line_and_field_and_changes_nothing(
    tmp_path, member, text, message
):
    with pytest.raises(ValidationError) as caught:
        services.source_create_csv(
            actor=member,
            name="Orders",
            slug="orders",
            path=write(tmp_path, text, "upload.csv"),
            file_name="orders.csv",
        )
    errors = caught.value.message_dict["file"]
    assert len(errors) == 1
    assert message in errors[0], errors[0]
    assert not DataSource.objects.exists()
    assert not parquet_path("orders").exists()


def test_new_data_replaces_a_csv_source_only_when_it_is_valid(tmp_path, member):
    source = services.source_create_csv(
        actor=member, name="Shop", slug="shop", path=write(tmp_path, GOOD), file_name="a.csv"
    )
    services.metric_create(
        actor=member,
        key="orders",
        name="Orders",
        definition="Orders.",
        owner=member,
        source=source,
        column="Orders",
    )
    before = parquet_path("shop").read_bytes()
    with pytest.raises(ValidationError, match="no column 'Orders', which metric orders reads"):
        services.source_replace_csv(
            actor=member,
            source=source,
            path=write(tmp_path, "Date,Visits\n2026-11-04,1\n"),
            file_name="b.csv",
        )
    with pytest.raises(ValidationError, match=r"b\.csv:2: value 'x'"):
        services.source_replace_csv(
            actor=member,
            source=source,
            path=write(tmp_path, "Date,Orders\n2026-11-04,x\n"),
            file_name="b.csv",
        )
    assert parquet_path("shop").read_bytes() == before
    source.refresh_from_db()
    assert source.data_version == 1

    services.source_replace_csv(
        actor=member,
        source=source,
        path=write(tmp_path, GOOD + "2026-11-04,9,90\n"),
        file_name="c.csv",
    )
    source.refresh_from_db()
    assert (source.row_count, source.data_version, source.file_name) == (4, 2, "c.csv")


def test_a_viewer_cannot_upload(tmp_path, viewer):
    with pytest.raises(PermissionDenied):
        services.source_create_csv(
            actor=viewer, name="Shop", slug="shop", path=write(tmp_path, GOOD), file_name="a.csv"
        )
    assert not parquet_path("shop").exists()


def test_names_and_table_names_must_be_new_and_well_formed(tmp_path, member, daily):
    with pytest.raises(ValidationError) as caught:
        services.source_create_csv(
            actor=member, name="Shop", slug="Bad Name", path=write(tmp_path, GOOD), file_name="a"
        )
    assert "lower case" in caught.value.message_dict["slug"][0]
    with pytest.raises(ValidationError, match="already has a table called daily_business"):
        services.source_create_sql(
            actor=member, name="Mine", slug="daily_business", query="SELECT * FROM daily_business"
        )


def test_a_sql_source_is_one_read_only_select(member, daily):
    source = services.source_create_sql(
        actor=member,
        name="Orders",
        slug="orders_daily",
        query="SELECT date, orders, sessions FROM daily_business;",
    )
    assert source.columns == ["orders", "sessions"]
    assert source.query == "SELECT date, orders, sessions FROM daily_business"
    assert source.row_count == daily.num_rows


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "write one SELECT"),
        ("SELEC date FROM daily_business", "query: the SQL cannot be parsed"),
        ("SELECT 1; SELECT 2", "write one statement, not 2"),
        ("CREATE TABLE x AS SELECT 1 AS date", "only SELECT is allowed"),
        ("COPY daily_business TO '/tmp/out.csv'", "only SELECT is allowed"),
        ("SELECT * FROM nowhere", "nowhere"),
        ("SELECT orders FROM daily_business", "needs a column called date"),
        ("SELECT * FROM read_csv('/etc/passwd')", "Permission Error"),
        (
            "SELECT date, 1 AS x FROM daily_business UNION ALL SELECT date, 2 FROM daily_business",
            "appear more than once",
        ),
        ("SELECT date FROM daily_business", "no data columns"),
        ("SELECT date, orders FROM daily_business WHERE false", "no rows"),
    ],
)
def test_bad_sql_is_refused_with_a_clear_message(member, daily, query, message):
    with pytest.raises(ValidationError) as caught:
        services.source_create_sql(actor=member, name="Q", slug="q", query=query)
    errors = caught.value.message_dict["query"]
    assert message in errors[0], errors[0]
    assert not DataSource.objects.exists()


def test_a_query_reads_nothing_outside_the_analytical_store(daily, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("date,x\n2026-11-01,1\n")
    with pytest.raises(SourceError, match="Permission Error"):
        sql_profile(f"SELECT * FROM read_csv('{secret}')")


def test_changing_a_query_keeps_the_columns_metrics_read(member, daily):
    source = services.source_create_sql(
        actor=member, name="Q", slug="q", query="SELECT date, orders FROM daily_business"
    )
    services.metric_create(
        actor=member,
        key="orders",
        name="Orders",
        definition="Orders.",
        owner=member,
        source=source,
        column="orders",
    )
    with pytest.raises(ValidationError, match="no column 'orders'"):
        services.source_update_sql(
            actor=member, source=source, query="SELECT date, sessions FROM daily_business"
        )
    services.source_update_sql(
        actor=member, source=source, query="SELECT date, orders, sessions FROM daily_business"
    )
    source.refresh_from_db()
    assert source.columns == ["orders", "sessions"]
    assert source.data_version == 2


def test_other_writers_write_while_an_uploaded_csv_is_read(
    transactional_db, member, tmp_path, monkeypatch
):
    """The file is read before the upload writes to the database: with SQLite, a writer that
    began first would hold the only write lock the whole time."""
    written: list[object] = []
    read = services.csv_validate

    def write_meanwhile() -> None:
        try:
            Section.objects.create(name="Written meanwhile")
            written.append("written")
        except DatabaseError as error:
            written.append(error)
        finally:
            connection.close()

    def read_while_someone_writes(path, *, display_name):
        writer = threading.Thread(target=write_meanwhile)
        writer.start()
        writer.join(timeout=60)
        return read(path, display_name=display_name)

    monkeypatch.setattr(services, "csv_validate", read_while_someone_writes)
    services.source_create_csv(
        actor=member, name="Shop", slug="shop", path=write(tmp_path, GOOD), file_name="daily.csv"
    )
    assert written == ["written"]
    assert Section.objects.filter(name="Written meanwhile").exists()
    assert DataSource.objects.get(slug="shop").row_count == 3
