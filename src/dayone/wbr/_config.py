"""Reading and writing WBR configs: the WBR app's YAML, unchanged, and dayone's own format.

Both formats load into the same :class:`WbrConfig`. Every error names the file and the line.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from dayone.wbr._config_dayone import FORMAT_KEY, config_to_yaml, parse_dayone
from dayone.wbr._config_validate import validate_config
from dayone.wbr._config_wbr_app import parse_wbr_app
from dayone.wbr._config_yaml import LineLoader, LineMap, Reader
from dayone.wbr._errors import ConfigError
from dayone.wbr._model import WbrConfig


def load_config(path: str | Path) -> WbrConfig:
    """Read a WBR config file in either format (the WBR app's YAML or dayone's).

    Raises :class:`ConfigError` naming the file and line of the first fault.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"cannot read the config: {exc.strerror}", file=str(file)) from exc
    return parse_config(text, file=str(file))


def parse_config(text: str, *, file: str | None = None) -> WbrConfig:
    """Parse WBR config text in either format; ``file`` is used in error messages."""
    reader = Reader(file)
    try:
        document = yaml.load(text, Loader=LineLoader)  # noqa: S506 - a CSafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise reader.fail(f"YAML error: {exc.problem}", line) from exc
    except yaml.YAMLError as exc:
        raise reader.fail(f"YAML error: {exc}", None) from exc
    if not isinstance(document, LineMap):
        raise reader.fail("a WBR config is a YAML mapping (setup, metrics, deck)", 1)
    if FORMAT_KEY in document:
        config = parse_dayone(document, reader)
    else:
        config = parse_wbr_app(document, reader)
    validate_config(config)
    return config


def write_text_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half-written."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_config(config: WbrConfig, path: str | Path) -> None:
    """Write ``config`` to ``path`` in dayone's format, atomically."""
    write_text_atomic(path, config_to_yaml(config))


__all__ = [
    "config_to_yaml",
    "load_config",
    "parse_config",
    "save_config",
    "validate_config",
    "write_text_atomic",
]
