from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from dayone.demo import (
    COLUMNS,
    INCIDENTS,
    METRIC_COLUMNS,
    RATIOS,
    TARGET_COLUMNS,
    generate_daily,
    write_csv,
    write_daily,
)
from dayone.demo.incidents import FC_OUTAGE, SITE_OUTAGE, STOCK_OUT
from tests.demo.conftest import END


def _ratio(data, numerator: str, denominator: str, mask: np.ndarray) -> float:
    return float(data[numerator][mask].sum() / data[denominator][mask].sum())


def _between(data, first: date, last: date) -> np.ndarray:
    return (data["date"] >= np.datetime64(first)) & (data["date"] <= np.datetime64(last))


class TestShape:
    def test_one_row_per_day_for_three_years_ending_on_end(self, data):
        days = data["date"].astype("datetime64[D]")
        assert days[-1] == np.datetime64(END)
        assert days[0] == np.datetime64(date(2022, 6, 15))
        assert np.all(np.diff(days).astype(int) == 1)
        assert days.size == (END - date(2022, 6, 14)).days

    def test_columns_follow_the_catalogue(self, table):
        assert table.column_names == ["date", *(column.name for column in COLUMNS)]
        assert table.schema.field("date").type == pa.date32()
        for column in COLUMNS:
            expected = pa.int64() if column.dtype == "int64" else pa.float64()
            assert table.schema.field(column.name).type == expected, column.name

    def test_about_forty_metric_columns_and_some_targets(self):
        assert 38 <= len(METRIC_COLUMNS) <= 45
        assert len(TARGET_COLUMNS) >= 5
        assert all(column.name.endswith("__Target") for column in TARGET_COLUMNS)

    def test_no_missing_or_negative_values(self, table, data):
        assert all(table.column(name).null_count == 0 for name in table.column_names)
        for column in COLUMNS:
            values = data[column.name]
            assert np.isfinite(values).all(), column.name
            assert (values >= 0).all(), column.name

    def test_ratios_refer_to_additive_columns(self):
        additive = {column.name for column in METRIC_COLUMNS if column.aggregation == "sum"}
        for ratio in RATIOS:
            assert {ratio.numerator, ratio.denominator} <= additive, ratio.name
        assert len(RATIOS) + len(METRIC_COLUMNS) >= 30

    def test_targets_are_named_after_a_column_or_a_ratio(self):
        names = {column.name for column in METRIC_COLUMNS} | {ratio.name for ratio in RATIOS}
        for column in TARGET_COLUMNS:
            assert column.name.removesuffix("__Target") in names

    def test_shorter_history(self):
        table = generate_daily(end=date(2024, 3, 2), years=1)
        days = table.column("date").to_numpy()
        assert days[0] == np.datetime64("2023-03-03")
        assert days[-1] == np.datetime64("2024-03-02")
        assert table.num_rows == 366

    def test_end_on_29_february(self):
        table = generate_daily(end=date(2024, 2, 29), years=1)
        assert table.column("date")[0].as_py() == date(2023, 3, 1)

    @pytest.mark.parametrize("end", [datetime(2025, 6, 14, 12, 0, tzinfo=UTC), "2025-06-14"])
    def test_end_must_be_a_date(self, end):
        with pytest.raises(TypeError, match="end must be a date"):
            generate_daily(end=end)

    def test_at_least_one_year(self):
        with pytest.raises(ValueError, match="at least 1"):
            generate_daily(end=END, years=0)


class TestDeterminism:
    def test_same_seed_and_end_give_identical_data(self, table):
        assert generate_daily(end=END, seed=7).equals(table)

    def test_another_seed_gives_other_data(self, table):
        other = generate_daily(end=END, seed=8)
        assert other.column("date").equals(table.column("date"))
        assert not other.column("orders").equals(table.column("orders"))

    def test_ten_years_are_fast(self):
        generate_daily(end=END, years=1)  # warm the imports
        started = time.perf_counter()
        table = generate_daily(end=END, years=10)
        assert time.perf_counter() - started < 0.5
        assert table.num_rows > 3650


class TestRelationships:
    def test_funnel_narrows(self, data):
        assert (data["page_views"] > data["sessions"]).all()
        for wide, narrow in [
            ("sessions", "unique_visitors"),
            ("sessions", "mobile_sessions"),
            ("page_views", "slow_page_views"),
            ("page_views", "detail_page_views"),
            ("detail_page_views", "in_stock_detail_page_views"),
            ("detail_page_views", "price_checked_views"),
            ("searches", "searches_with_click"),
            ("detail_page_views", "cart_adds"),
            ("cart_adds", "checkout_starts"),
            ("checkout_starts", "orders"),
            ("price_checked_views", "price_competitive_views"),
            ("orders", "new_customers"),
            ("orders", "cancellations"),
        ]:
            assert (data[narrow] <= data[wide]).all(), narrow
        assert (
            data["searches_with_click"] + data["searches_with_zero_results"] <= data["searches"]
        ).all()
        assert (data["orders"] + data["payment_failures"] <= data["checkout_starts"]).all()

    def test_units_are_at_least_orders_and_sum_their_segments(self, data):
        assert (data["units"] >= data["orders"]).all()
        parts = data["print_units"] + data["ebook_units"] + data["marketplace_units"]
        np.testing.assert_array_equal(parts, data["units"])

    def test_revenue_sums_its_segments(self, data):
        parts = data["print_revenue"] + data["ebook_revenue"] + data["marketplace_revenue"]
        np.testing.assert_allclose(parts, data["revenue"], atol=0.011)
        assert (data["gross_profit"] < data["revenue"]).all()

    def test_delivery_segments_sum_to_click_to_deliver(self, data):
        segments = data["click_to_ship_hours_sum"] + data["ship_to_deliver_hours_sum"]
        np.testing.assert_allclose(segments, data["ctd_hours_sum"], rtol=1e-12)
        delivered = data["shipments_delivered"]
        assert (data["delivered_within_2_days"] <= delivered).all()
        assert (data["on_time_deliveries"] <= delivered).all()
        assert data["delivered_within_2_days"].sum() < data["on_time_deliveries"].sum()

    def test_rates_are_plausible(self, data):
        every_day = np.ones(data["date"].size, dtype=bool)
        in_stock = data["in_stock_detail_page_views"] / data["detail_page_views"]
        assert ((in_stock > 0) & (in_stock <= 1)).all()
        assert _ratio(data, "in_stock_detail_page_views", "detail_page_views", every_day) > 0.9
        assert 0.02 < _ratio(data, "orders", "sessions", every_day) < 0.06
        assert 15 < _ratio(data, "revenue", "orders", every_day) < 40
        assert 0.03 < _ratio(data, "cs_contacts", "orders", every_day) < 0.1
        ctd = _ratio(data, "ctd_hours_sum", "shipments_delivered", every_day)
        assert 40 < ctd < 80
        assert _ratio(data, "price_competitive_views", "price_checked_views", every_day) > 0.85
        assert 0.8 < _ratio(data, "on_time_deliveries", "shipments_delivered", every_day) < 1

    def test_levels_move_slowly(self, data):
        for name in ("selection", "active_customers", "active_sellers"):
            change = np.abs(np.diff(data[name])) / data[name][:-1]
            assert change.max() < 0.02, name


class TestSeasonalityAndTrends:
    def _by(self, data, unit: str) -> tuple[np.ndarray, np.ndarray]:
        return data["date"].astype(f"datetime64[{unit}]"), data["revenue"]

    def test_december_beats_the_average_month_and_january_is_a_slump(self, data):
        months, revenue = self._by(data, "M")
        last_year = (months >= np.datetime64("2024-01")) & (months <= np.datetime64("2024-12"))
        monthly = {m: revenue[months == m].sum() for m in np.unique(months[last_year])}
        average = np.mean(list(monthly.values()))
        assert monthly[np.datetime64("2024-12")] > 1.25 * average
        assert monthly[np.datetime64("2024-01")] < 0.9 * average
        assert monthly[np.datetime64("2024-08")] > monthly[np.datetime64("2024-07")]

    def test_black_friday_and_cyber_monday_spike(self, data):
        days = data["date"]
        orders = data["orders"]
        cyber_monday = orders[days == np.datetime64("2024-12-02")][0]
        black_friday = orders[days == np.datetime64("2024-11-29")][0]
        november = orders[_between(data, date(2024, 11, 4), date(2024, 11, 17))].mean()
        assert black_friday > 1.6 * november
        assert cyber_monday > black_friday

    def test_weekends_are_quieter_than_weekdays(self, data):
        weekday = (data["date"].astype("datetime64[D]").astype(np.int64) + 3) % 7
        saturday = data["sessions"][weekday == 5].mean()
        tuesday = data["sessions"][weekday == 1].mean()
        assert saturday < 0.93 * tuesday
        delivered_sunday = data["shipments_delivered"][weekday == 6].mean()
        assert delivered_sunday < 0.6 * data["shipments_delivered"][weekday == 1].mean()

    def test_revenue_grows_about_twenty_percent_a_year(self, data):
        last = _between(data, END - timedelta(days=363), END)
        before = _between(data, END - timedelta(days=727), END - timedelta(days=364))
        growth = data["revenue"][last].sum() / data["revenue"][before].sum()
        assert 1.1 < growth < 1.3

    def test_conversion_and_delivery_speed_improve(self, data):
        first = _between(data, date(2022, 9, 1), date(2022, 10, 31))
        last = _between(data, date(2024, 9, 1), date(2024, 10, 31))
        assert _ratio(data, "orders", "sessions", last) > _ratio(data, "orders", "sessions", first)
        assert _ratio(data, "ctd_hours_sum", "shipments_delivered", last) < _ratio(
            data, "ctd_hours_sum", "shipments_delivered", first
        )


@pytest.fixture(
    scope="class",
    params=[END, date(2025, 12, 27), date(2026, 5, 9)],
    ids=["june", "after-the-peak", "stock-out-at-the-peak"],
)
def incident_data(request) -> tuple[date, dict[str, np.ndarray]]:
    """Data for several ends: the incidents must show whatever the season they fall in."""
    table = generate_daily(end=request.param, years=2)
    return request.param, {name: table.column(name).to_numpy() for name in table.column_names}


class TestIncidents:
    def _baseline(self, data, first: date) -> np.ndarray:
        return _between(data, first - timedelta(days=42), first - timedelta(days=7))

    def test_one_incident_falls_in_the_last_eight_weeks(self):
        recent = [i for i in INCIDENTS if i.first_day(END) > END - timedelta(weeks=8)]
        assert len(recent) >= 1

    def test_fulfilment_outage_raises_click_to_ship_not_ship_to_deliver(self, incident_data):
        end, data = incident_data
        first = FC_OUTAGE.first_day(end)
        hit = _between(data, first + timedelta(days=2), FC_OUTAGE.last_day(end))
        base = self._baseline(data, first)

        def mean(name: str, mask: np.ndarray) -> float:
            return _ratio(data, name, "shipments_delivered", mask)

        assert mean("click_to_ship_hours_sum", hit) > 1.4 * mean("click_to_ship_hours_sum", base)
        assert mean("ship_to_deliver_hours_sum", hit) < 1.1 * mean(
            "ship_to_deliver_hours_sum", base
        )
        assert mean("on_time_deliveries", hit) < mean("on_time_deliveries", base) - 0.03
        # the extra calls ring out on the unstaffed evening queue: the answered contacts per
        # order that the metric counts stay in their band
        cpo_hit, cpo_base = (_ratio(data, "cs_contacts", "orders", m) for m in (hit, base))
        assert 0.9 * cpo_base < cpo_hit < 1.1 * cpo_base

    def test_checkout_outage_cuts_orders_for_a_day(self, incident_data):
        end, data = incident_data
        day = SITE_OUTAGE.first_day(end)
        same_weekday = np.isin(
            data["date"], [np.datetime64(day - timedelta(weeks=k)) for k in range(5, 9)]
        )
        outage = data["date"] == np.datetime64(day)
        assert data["orders"][outage][0] < 0.7 * data["orders"][same_weekday].mean()
        assert (
            data["payment_failures"][outage][0] > 5 * data["payment_failures"][same_weekday].mean()
        )

    def test_stock_out_lowers_in_stock_rate_and_conversion(self, incident_data):
        end, data = incident_data
        first = STOCK_OUT.first_day(end)
        hit = _between(data, first + timedelta(days=3), STOCK_OUT.last_day(end))
        base = self._baseline(data, first)
        in_stock = "in_stock_detail_page_views", "detail_page_views"
        assert _ratio(data, *in_stock, hit) < _ratio(data, *in_stock, base) - 0.07
        assert _ratio(data, "orders", "sessions", hit) < 0.95 * _ratio(
            data, "orders", "sessions", base
        )
        assert _ratio(data, "marketplace_units", "units", hit) > _ratio(
            data, "marketplace_units", "units", base
        )
        assert _ratio(data, "cs_contacts", "orders", hit) > 1.15 * _ratio(
            data, "cs_contacts", "orders", base
        )

    def test_incidents_follow_the_end_date(self):
        end = date(2025, 11, 1)
        table = generate_daily(end=end, years=1)
        days = table.column("date").to_numpy()
        failures = table.column("payment_failures").to_numpy()
        assert days[np.argmax(failures)] == np.datetime64(SITE_OUTAGE.first_day(end))


class TestTargets:
    def _trailing_year(self, data) -> np.ndarray:
        return _between(data, END - timedelta(days=363), END)

    def test_targets_track_the_plan_closely(self, data):
        year = self._trailing_year(data)
        for name in ("sessions", "orders", "units", "revenue", "new_customers"):
            attainment = data[name][year].sum() / data[f"{name}__Target"][year].sum()
            assert 0.8 < attainment < 1.2, name

    def test_some_plans_are_beaten_and_some_missed(self, data):
        year = self._trailing_year(data)

        def attainment(name: str) -> float:
            return float(data[name][year].sum() / data[f"{name}__Target"][year].sum())

        assert attainment("revenue") > 1.0
        assert attainment("units") > 1.0
        assert attainment("new_customers") < 1.0
        assert attainment("sessions") < 1.0
        cpo = _ratio(data, "cs_contacts", "orders", year)
        assert cpo > data["contacts_per_order__Target"][year].mean()

    def test_rate_targets_are_rates(self, data):
        assert ((data["in_stock_rate__Target"] > 0.5) & (data["in_stock_rate__Target"] < 1)).all()
        assert (data["ctd_hours__Target"] > 24).all()


class TestWriting:
    def test_write_daily_round_trips_and_leaves_no_temporary_file(self, table, tmp_path):
        folder = tmp_path / "warehouse" / "parquet"
        path = write_daily(folder, table)
        assert path == folder / "daily_business.parquet"
        assert [p.name for p in folder.iterdir()] == ["daily_business.parquet"]
        assert pq.read_table(path).equals(table)

    def test_write_daily_replaces_an_existing_file(self, table, tmp_path):
        (tmp_path / "daily_business.parquet").write_text("old")
        write_daily(tmp_path, table)
        assert pq.read_table(tmp_path / "daily_business.parquet").num_rows == table.num_rows

    def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
        self, table, tmp_path, monkeypatch
    ):
        target = tmp_path / "daily_business.parquet"
        target.write_text("old")

        def broken(table, where):
            Path(where).write_text("half")
            raise OSError("disk full")

        monkeypatch.setattr(pq, "write_table", broken)
        with pytest.raises(OSError, match="disk full"):
            write_daily(tmp_path, table)
        assert [p.name for p in tmp_path.iterdir()] == ["daily_business.parquet"]
        assert target.read_text() == "old"

    def test_write_csv_puts_date_first_in_iso_format(self, table, tmp_path):
        path = write_csv(tmp_path / "out" / "daily.csv", table)
        assert [p.name for p in path.parent.iterdir()] == ["daily.csv"]
        header, first = path.read_text().splitlines()[:2]
        assert header.split(",")[0] == '"Date"'
        assert first.split(",")[0] == "2022-06-15"
        back = pa_csv.read_csv(path)
        assert back.column_names == ["Date", *(column.name for column in COLUMNS)]
        assert back.num_rows == table.num_rows
        assert back.column("revenue").to_pylist() == table.column("revenue").to_pylist()
