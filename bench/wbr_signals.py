"""WBR signals: how often the deck cries wolf, and whether it sees what happened.

Two measurements, each with targets; the script exits non-zero when one is missed.

1. Riverbend Books, the demo company (three years of daily data, every metric and ratio of its
   daily table, 52 decks: one for each of the last 52 weeks, each judging its own last week).
   Targets: a metric that no incident touches is flagged in at most 10% of the weeks; a quiet
   week (no incident active) flags at most 3 metrics; every incident the generator injects is
   flagged, on at least one metric it moves, in the week it starts.
2. A labelled synthetic check: 300 weekly series (trend, yearly seasonality, noise) with known
   spikes and level shifts injected at known weeks, judged week by week as the deck does.
   A spike is detected when its week is flagged, a shift when one of its first 13 weeks is (the
   level stays off what was expected until the 13-week trend has absorbed it, so flags in those
   weeks are true); precision is the share of signals in injected weeks. Reported, not targeted:
   the sizes are in standard deviations of the weekly noise, and the year-over-year residual
   carries last year's noise too (about 1.4 times as wide), so a 3 sd spike is routine.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

import numpy as np

from dayone.demo import INCIDENTS, METRIC_COLUMNS, RATIOS, generate_daily
from dayone.wbr import ChartBlock, ChartLine, Metric, WbrConfig, build_deck
from dayone.wbr._expected import HISTORY_WEEKS, expected_signals

END = dt.date(2026, 11, 28)  # a Saturday, so the last week is whole
WEEKS = 52
MAX_FLAG_SHARE = 0.10
MAX_QUIET_FLAGS = 3
SHIFT_WEEKS = 13  # a shift stays off what was expected until the trend has absorbed it


def demo_config() -> WbrConfig:
    metrics = [
        Metric(name=c.name, column=c.name, aggregation=c.aggregation) for c in METRIC_COLUMNS
    ]
    metrics += [
        Metric(name=r.name, operation="ratio", operands=(r.numerator, r.denominator))
        for r in RATIOS
    ]
    blocks = tuple(
        ChartBlock(title=m.name, lines=(ChartLine(metric=m.name, legend=m.name),)) for m in metrics
    )
    return WbrConfig(title="Riverbend Books", metrics=tuple(metrics), blocks=blocks)


def _touched(weeks: list[dt.date], names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Which metric-weeks the injected incidents move, from the generator's own means.

    The generator's expected values are computed twice, calm and with the incidents (no random
    shocks either way); a metric-week is touched when the incidents move its weekly value by
    more than 0.5%, or (for the columns drawn later, such as revenue) when an incident under way
    names it or a ratio of it. A week is active when an incident is under way or recovering.
    """
    from dataclasses import replace

    from dayone.demo import business

    calendar = business._calendar(business._first_day(END, 3), END)
    calm = business._calm(calendar.days.size)
    days = calendar.days
    fc = business.FC_OUTAGE.intensity(days, END)
    site = business.SITE_OUTAGE.intensity(days, END)
    hit = replace(
        calm,
        stock_out=business.STOCK_OUT.intensity(days, END),
        fc_outage=fc,
        fc_outage_delivered=business._lag(fc, 2),
        site_outage=site,
        site_rebound=business._lag(site, 1),
    )
    base, moved = business._means(calendar, calm), business._means(calendar, hit)
    ratios = {r.name: (r.numerator, r.denominator) for r in RATIOS}
    last = {c.name for c in METRIC_COLUMNS if c.aggregation == "last"}
    touched = np.zeros((len(weeks), len(names)), dtype=bool)
    active = np.zeros(len(weeks), dtype=bool)
    day_of = {d: k for k, d in enumerate(days.astype("datetime64[D]").tolist())}
    for i, we in enumerate(weeks):
        rows = slice(day_of[we - dt.timedelta(days=6)], day_of[we] + 1)

        def week(means: dict[str, np.ndarray], name: str, rows: slice = rows) -> float | None:
            top, bottom = ratios.get(name, (name, None))
            if top not in means or (bottom is not None and bottom not in means):
                return None
            if bottom is not None:
                return float(means[top][rows].sum() / means[bottom][rows].sum())
            if name in last:
                return float(means[name][rows][-1])
            return float(means[name][rows].sum())

        under_way = [
            inc
            for inc in INCIDENTS
            if we >= inc.first_day(END) and we - dt.timedelta(days=6) < inc.recovered_on(END)
        ]
        active[i] = bool(under_way)
        declared = {name for inc in under_way for name in inc.affected}
        declared |= {r for r, parts in ratios.items() if set(parts) & declared}
        declared |= {p for r in list(declared) for p in ratios.get(r, ())}
        for j, name in enumerate(names):
            a, b = week(base, name), week(moved, name)
            by_means = a is not None and b is not None and abs(b - a) > 0.005 * abs(a)
            touched[i, j] = by_means or name in declared
    return touched, active


def demo() -> int:
    table = generate_daily(end=END, years=3)
    config = demo_config()
    names = [m.name for m in config.metrics]
    weeks = [END - dt.timedelta(days=7 * (WEEKS - 1 - i)) for i in range(WEEKS)]
    flagged = np.zeros((WEEKS, len(names)), dtype=bool)
    reasons: dict[tuple[int, str], str] = {}
    start = time.perf_counter()
    for i, we in enumerate(weeks):
        deck = build_deck(config, table, week_ending=we, forecast=False)
        for j, name in enumerate(names):
            for s in deck.metrics[name].signals:
                if s.week_ending == we:
                    flagged[i, j] = True
                    reasons[i, name] = s.reason
        if i % 13 == 12:
            print(f"  {i + 1} of {WEEKS} decks built", file=sys.stderr)
    seconds = time.perf_counter() - start
    touched, active = _touched(weeks, names)
    untouched = ~touched.any(axis=0)
    share = flagged[:, untouched].sum(axis=0) / WEEKS
    quiet = flagged[~active].sum(axis=1)
    quiet_weeks = [we for we, a in zip(weeks, active, strict=True) if not a]
    failures = 0
    print(f"Demo: {len(names)} metrics, {WEEKS} decks ending {weeks[0]} to {END} ({seconds:.1f} s)")
    worst = int(np.argmax(share)) if share.size else 0
    ok = bool(share.size == 0 or share.max() <= MAX_FLAG_SHARE)
    failures += not ok
    print(
        f"  metrics no incident touches: {int(untouched.sum())}; flagged in at most "
        f"{share.max():.1%} of weeks ({np.array(names)[untouched][worst]}), mean {share.mean():.1%}"
        f" (target <= {MAX_FLAG_SHARE:.0%}) {'ok' if ok else 'MISSED'}"
    )
    other = flagged & ~touched
    print(
        f"  metrics an incident touches, outside its weeks: flagged in at most "
        f"{(other[:, ~untouched].sum(axis=0) / WEEKS).max():.1%} of weeks"
    )
    ok = bool(quiet.size == 0 or quiet.max() <= MAX_QUIET_FLAGS)
    failures += not ok
    print(
        f"  quiet weeks: {int((~active).sum())}; metrics flagged per quiet week: at most "
        f"{int(quiet.max())} ({quiet_weeks[int(np.argmax(quiet))]}), mean {quiet.mean():.2f} (target <= {MAX_QUIET_FLAGS}) "
        f"{'ok' if ok else 'MISSED'}"
    )
    for incident in INCIDENTS:
        first = incident.first_day(END)
        i = next(k for k, we in enumerate(weeks) if we >= first)
        hits = [n for j, n in enumerate(names) if flagged[i, j] and n in incident.affected]
        ok = bool(hits)
        failures += not ok
        print(
            f"  {incident.key} (starts {first}, week ending {weeks[i]}): flagged on "
            f"{len(hits)} of {len(incident.affected)} metrics it moves "
            f"{'ok' if ok else 'MISSED'}"
        )
        if hits:
            print(f"    e.g. {hits[0]}: {reasons[i, hits[0]]}")
    return failures


def synthetic(seed: int = 11) -> None:
    rng = np.random.default_rng(seed)
    n_series, n_weeks = 300, HISTORY_WEEKS + 6 + 104
    t = np.arange(n_weeks)
    season = np.sin(2 * np.pi * t / 52) + 0.6 * np.exp(-(((t % 52) - 47) ** 2) / 4)
    level = rng.uniform(1_000, 50_000, n_series)
    growth = rng.uniform(-0.1, 0.3, n_series)
    amplitude = rng.uniform(0.0, 0.3, n_series)
    noise = rng.uniform(0.01, 0.05, n_series)
    log_y = (
        np.log(level)[None, :]
        + np.outer(t / 52, np.log1p(growth))
        + season[:, None] * amplitude[None, :]
        + rng.normal(0, 1, (n_weeks, n_series)) * noise[None, :]
    )
    judged = range(HISTORY_WEEKS + 6, n_weeks)
    spikes = np.zeros((n_weeks, n_series), dtype=bool)
    onset = np.zeros_like(spikes)
    shifted = np.zeros_like(spikes)
    size = np.zeros((n_weeks, n_series))
    for j in range(n_series):
        kind = j % 3  # a third clean, a third with a spike, a third with a shift
        week = int(rng.integers(judged.start, judged.stop - 2))
        k = float(rng.choice([3.0, 4.0, 5.0, 6.0])) * rng.choice([-1.0, 1.0])
        if kind == 1:
            log_y[week, j] += k * noise[j]
            spikes[week, j] = True
        elif kind == 2:
            log_y[week:, j] += k * noise[j]
            onset[week, j] = True
            shifted[week : week + SHIFT_WEEKS, j] = True
        size[week, j] = abs(k)
    y = np.exp(log_y)
    flags = np.zeros_like(spikes)
    days = [dt.date(2000, 1, 1) + dt.timedelta(days=7 * k) for k in range(n_weeks)]
    for t_end in judged:
        # the deck of week t_end: six weeks judged, its own week last
        _, signals = expected_signals(y[: t_end + 1], week_ends=tuple(days[t_end - 5 : t_end + 1]))
        for j, found in enumerate(signals):
            flags[t_end, j] = any(s.week_ending == days[t_end] for s in found)
    rows = np.arange(n_weeks) >= judged.start
    detected_spikes = flags & spikes
    detected_shift = np.zeros(n_series, dtype=bool)
    for j in np.flatnonzero(onset.any(axis=0)):
        detected_shift[j] = bool((flags[:, j] & shifted[:, j]).any())
    true_flags = int(detected_spikes.sum()) + int((flags & shifted).sum())
    all_flags = int(flags[rows].sum())
    precision = true_flags / all_flags if all_flags else 1.0
    print(
        f"Synthetic: {n_series} weekly series, {len(judged)} weeks judged each; "
        f"{int(spikes.sum())} spikes and {int(onset.sum())} level shifts of 3-6 standard deviations"
    )
    print(f"  precision {precision:.2f} ({true_flags} of {all_flags} signals are injected events)")
    for label, events, hit in (
        ("spikes", spikes, detected_spikes.any(axis=0)),
        ("shifts", onset, detected_shift),
    ):
        has = events.any(axis=0)
        for lo, hi in ((3.0, 4.0), (4.0, 7.0)):
            sized = has & (size.max(axis=0) >= lo) & (size.max(axis=0) < hi)
            recall = float(hit[sized].mean()) if sized.any() else 0.0
            line = f"  recall, {label} of {'3' if lo < 4 else '4-6'} sd"
            print(f"{line} {recall:.2f} ({int(hit[sized].sum())} of {int(sized.sum())})")


def main() -> int:
    failures = demo()
    synthetic()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
