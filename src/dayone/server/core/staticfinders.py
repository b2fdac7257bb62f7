"""The chart library as a static file, so that it is collected, hashed and compressed like the rest.

Vega, Vega-Lite and Vega-Embed come bundled inside ``vl_convert`` (no CDN, no download). This
finder writes that bundle once per version into the data folder's cache and offers it to
``collectstatic`` as ``dayone/vega.js``; pages load it with ``{% static "dayone/vega.js" %}``.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, overload

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage, Storage
from typing_extensions import override

from dayone.server.core.charts import vega_bundle, vega_version

VEGA_STATIC_PATH = "dayone/vega.js"


@functools.cache
def vega_bundle_folder() -> Path:
    """A folder holding ``dayone/vega.js`` for the bundled versions, written on first use."""
    folder = Path(settings.DAYONE_HOME) / "cache" / f"vega-{vega_version()}"
    target = folder / VEGA_STATIC_PATH
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed, so that a parallel process never reads half a bundle.
        handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".partial")
        with os.fdopen(handle, "wb") as out:
            out.write(vega_bundle())
        Path(partial).chmod(0o644)
        Path(partial).replace(target)
    return folder


class VegaBundleFinder(BaseFinder):
    """Finds ``dayone/vega.js``: the Vega bundle shipped with ``vl_convert``."""

    @overload
    def find(self, path: str, find_all: Literal[False] = False) -> str | None: ...
    @overload
    def find(self, path: str, find_all: Literal[True]) -> list[str]: ...
    @override
    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str] | None:
        if path != VEGA_STATIC_PATH:
            return [] if find_all else None
        found = str(vega_bundle_folder() / VEGA_STATIC_PATH)
        return [found] if find_all else found

    @override
    def list(self, ignore_patterns: Iterable[str] | None) -> Iterator[tuple[str, Storage]]:
        yield VEGA_STATIC_PATH, FileSystemStorage(location=vega_bundle_folder())
