"""The widgets that `chatgpt-app build` wrote: dist/manifest.json and dist/widgets/*.html.

chatgpt-app bundles each widget into one self-contained HTML document with a content-hashed
`ui://` URI, and writes the resource metadata ChatGPT reads (`_meta.ui.csp`, `prefersBorder`,
the `openai/widget*` aliases) into the manifest. This server serves them as they are.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WIDGET_URI = re.compile(r"^ui://widget/(?P<name>[A-Za-z0-9_-]+?)(?:-[0-9a-f]{6,64})?\.html$")


class WidgetsNotBuilt(RuntimeError):
    """The manifest or a widget's HTML is missing: the widgets have not been built."""


@dataclass(frozen=True)
class Widget:
    name: str
    uri: str
    mime_type: str
    html: str
    meta: dict[str, Any]
    title: str | None
    description: str | None


def out_dir() -> Path:
    """Where chatgpt-app wrote its build: CHATGPT_APP_OUT_DIR under `chatgpt-app dev`, else dist/."""
    return Path(os.environ.get("CHATGPT_APP_OUT_DIR") or PROJECT_ROOT / "dist")


class WidgetCatalog:
    """The built widgets. With `reload` (development) every lookup reads the files again,
    so a rebuilt widget is served at once; otherwise they are read once."""

    def __init__(self, directory: Path, reload: bool = False) -> None:
        self.directory = directory
        self.reload = reload
        self._cache: dict[str, Widget] | None = None

    def all(self) -> dict[str, Widget]:
        if self._cache is None or self.reload:
            self._cache = self._read()
        return self._cache

    def get(self, name: str) -> Widget:
        widgets = self.all()
        if name not in widgets:
            raise WidgetsNotBuilt(
                f'No widget "{name}" in {self.directory / "manifest.json"}; '
                f"found: {', '.join(widgets) or 'none'}. Run `npm run build`."
            )
        return widgets[name]

    def find(self, uri: str) -> Widget | None:
        """The widget a `ui://widget/<name>-<hash>.html` URI names. An older hash gets the
        current HTML, so a host holding a stale URI still renders."""
        match = WIDGET_URI.match(uri)
        return self.all().get(match["name"]) if match else None

    def _read(self) -> dict[str, Widget]:
        manifest_file = self.directory / "manifest.json"
        if not manifest_file.exists():
            raise WidgetsNotBuilt(f"{manifest_file} is missing: build the widgets with `npm run build` (chatgpt-app build).")
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        widgets: dict[str, Widget] = {}
        for entry in manifest.get("widgets", []):
            html_file = self.directory / entry["file"]
            if not html_file.exists():
                raise WidgetsNotBuilt(f"{html_file} is missing: run `npm run build` again.")
            widgets[entry["name"]] = Widget(
                name=entry["name"],
                uri=entry["uri"],
                mime_type=entry["mimeType"],
                html=html_file.read_text(encoding="utf-8"),
                meta=entry.get("_meta") or {},
                title=entry.get("title"),
                description=entry.get("description"),
            )
        return widgets
