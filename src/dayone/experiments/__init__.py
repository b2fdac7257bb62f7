"""Warehouse-native experiment analysis and exposure logging.

Exposures and events stay in the analytical store. One portable query (an Ibis expression
compiled for the warehouse's engine: DuckDB, Spark) reduces them to
per-variant sufficient statistics (units, sums, sums of squares, cross-products with a
pre-period covariate or a ratio's denominator), optionally broken down by a dimension; only
those come back to Python, where :mod:`dayone.stats` computes the results.

    spec = AnalysisSpec(
        exposures=ExposureSource("exposures", experiment="checkout-button"),
        events=EventSource("events"),
        metrics=(Metric.binomial("purchased", where={"event": "purchase"}),
                 Metric.mean("revenue", column="amount", cuped=True)),
        pre_period=timedelta(days=14),
    )
    results = analyze(warehouse, spec, engine="frequentist", correction="holm")

Exception tree::

    ExperimentError
     ├── InvalidSpecError (also a ValueError)
     │    └── SpecFieldError (a spec file's field: file, line and field in the message)
     ├── AnalysisQueryError
     └── ExposureBatchError (also a ValueError)
"""

from dayone.experiments._analysis import (
    ALL,
    OTHER,
    Engine,
    ExperimentResults,
    MetricResult,
    SrmSummary,
    StatisticsTable,
    VariantResult,
    analyze,
    analyze_statistics,
    sufficient_statistics,
)
from dayone.experiments._errors import (
    AnalysisQueryError,
    ExperimentError,
    ExposureBatchError,
    InvalidSpecError,
)
from dayone.experiments._exposures import (
    MAX_TEXT,
    Exposure,
    LogResult,
    create_exposure_table,
    load_exposures,
    log_exposures,
)
from dayone.experiments._preperiod import PrePeriod, pre_period_stats
from dayone.experiments._query import Query, build_query
from dayone.experiments._spec import AnalysisSpec, EventSource, ExposureSource, Measure, Metric
from dayone.experiments._spec_file import (
    SpecFieldError,
    SpecFile,
    load_spec,
    read_spec_file,
    spec_from_mapping,
)

__all__ = [
    "ALL",
    "MAX_TEXT",
    "OTHER",
    "AnalysisQueryError",
    "AnalysisSpec",
    "Engine",
    "EventSource",
    "ExperimentError",
    "ExperimentResults",
    "Exposure",
    "ExposureBatchError",
    "ExposureSource",
    "InvalidSpecError",
    "LogResult",
    "Measure",
    "Metric",
    "MetricResult",
    "PrePeriod",
    "Query",
    "SpecFieldError",
    "SpecFile",
    "SrmSummary",
    "StatisticsTable",
    "VariantResult",
    "analyze",
    "analyze_statistics",
    "build_query",
    "create_exposure_table",
    "load_exposures",
    "load_spec",
    "log_exposures",
    "pre_period_stats",
    "read_spec_file",
    "spec_from_mapping",
    "sufficient_statistics",
]
