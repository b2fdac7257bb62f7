"""The Weekly Business Review engine: daily data and a config in, a WBR deck out.

The engine reads the WBR app's YAML unchanged and dayone's own format, computes every series,
box, table and signal set-based in the warehouse (DuckDB by default), and writes the deck as
JSON, a self-contained HTML page, or PDF.

>>> from dayone.wbr import parse_config
>>> config = parse_config('''
... dayone_wbr: 1
... metrics:
...   orders: {column: Orders, aggregation: sum}
... deck:
...   - chart: orders
... ''')
>>> config.metrics[0].aggregation
'sum'

Exception tree::

    WbrError
    ├── ConfigError   a config cannot be read or is not valid (file, line, metric)
    ├── DataError     the daily data cannot be read or is not valid (file, line, column)
    └── RenderError   a deck cannot be written as HTML or PDF
"""

from dayone.wbr._calendar import week_number
from dayone.wbr._compute import build_deck
from dayone.wbr._config import (
    config_to_yaml,
    load_config,
    parse_config,
    save_config,
    validate_config,
)
from dayone.wbr._deck import (
    Box,
    ChartLinePanel,
    ChartPanel,
    Deck,
    DeckWarning,
    Forecast,
    ForecastCheck,
    Limits,
    MetricResult,
    SectionPanel,
    Series,
    Signal,
    TablePanel,
    TableRowPanel,
    deck_to_dict,
    deck_to_json,
    incomplete_note,
)
from dayone.wbr._errors import ConfigError, DataError, RenderError, WbrError
from dayone.wbr._model import (
    Block,
    ChartBlock,
    ChartLine,
    Metric,
    SectionBlock,
    TableBlock,
    TableRow,
    WbrConfig,
)
from dayone.wbr._render import (
    Commentary,
    ExtraItem,
    ExtraSection,
    chart_spec,
    forecast_trust,
    format_change,
    format_value,
    plan_gap_text,
    render_html,
    render_pdf,
    value_format,
    write_deck,
)
from dayone.wbr._signals import xmr_signals
from dayone.wbr._source import DailyTable, WarehouseTable, from_arrow, read_csv

__all__ = [
    "Block",
    "Box",
    "ChartBlock",
    "ChartLine",
    "ChartLinePanel",
    "ChartPanel",
    "Commentary",
    "ConfigError",
    "DailyTable",
    "DataError",
    "Deck",
    "DeckWarning",
    "ExtraItem",
    "ExtraSection",
    "Forecast",
    "ForecastCheck",
    "Limits",
    "Metric",
    "MetricResult",
    "RenderError",
    "SectionBlock",
    "SectionPanel",
    "Series",
    "Signal",
    "TableBlock",
    "TablePanel",
    "TableRow",
    "TableRowPanel",
    "WarehouseTable",
    "WbrConfig",
    "WbrError",
    "build_deck",
    "chart_spec",
    "config_to_yaml",
    "deck_to_dict",
    "deck_to_json",
    "forecast_trust",
    "format_change",
    "format_value",
    "from_arrow",
    "incomplete_note",
    "load_config",
    "parse_config",
    "plan_gap_text",
    "read_csv",
    "render_html",
    "render_pdf",
    "save_config",
    "validate_config",
    "value_format",
    "week_number",
    "write_deck",
    "xmr_signals",
]
