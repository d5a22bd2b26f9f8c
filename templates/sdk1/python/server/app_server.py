"""FastMCP plus what ChatGPT reads: a tool names its widget, and every metadata key follows.

For a tool registered with `widget_tool(widget="dice", ...)` this writes `_meta.ui.resourceUri`
and its alias `openai/outputTemplate` (equal, the widget's current content-hashed URI),
`_meta.ui.visibility` and `openai/widgetAccessible`, the invocation texts, and
`securitySchemes` (top level and the `_meta` mirror). The widgets are served as resources
with their MIME type and `_meta` on the contents, as chatgpt-app built them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from types import TracebackType
from typing import Any

from mcp.server.fastmcp import FastMCP
from mcp.server.fastmcp.exceptions import ToolError
from mcp.server.lowlevel.helper_types import ReadResourceContents
from mcp.types import Resource, Tool
from pydantic import AnyUrl

from .widgets import WidgetCatalog

logger = logging.getLogger(__name__)


def raised_in(error: BaseException, function: Callable[..., Any]) -> bool:
    """Whether `error` came out of `function`'s own code (not, say, from checking its arguments)."""
    code = getattr(function, "__code__", None)
    tb: TracebackType | None = error.__traceback__
    while tb is not None:
        if code is None or tb.tb_frame.f_code is code:
            return True
        tb = tb.tb_next
    return False


class ChatGptMCP(FastMCP):
    def __init__(self, name: str, *, version: str, widgets: WidgetCatalog, security_schemes: list[dict[str, Any]], **settings: Any) -> None:
        super().__init__(name, **settings)
        # FastMCP has no version setting; without this, serverInfo.version is the mcp package's.
        self._mcp_server.version = version
        self.widgets = widgets
        self.security_schemes = security_schemes
        self._tool_widgets: dict[str, dict[str, Any]] = {}

    def widget_tool(
        self,
        *,
        name: str,
        widget: str,
        invoking: str,
        invoked: str,
        visibility: Sequence[str] = ("model", "app"),
        **tool: Any,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """`@mcp.tool(...)` for a tool that renders `widgets/<widget>/`. Texts are at most 64 characters."""
        self._tool_widgets[name] = {"widget": widget, "invoking": invoking, "invoked": invoked, "visibility": list(visibility)}
        return self.tool(name=name, **tool)

    async def call_tool(self, name: str, arguments: dict[str, Any]) -> Any:
        try:
            return await super().call_tool(name, arguments)
        except ToolError as error:
            # The client gets an isError result with the message; the traceback is for you.
            tool = self._tool_manager.get_tool(name)
            cause = error.__cause__
            if tool is not None and cause is not None and raised_in(cause, tool.fn):
                logger.error("Tool %s raised %s: %s", name, type(cause).__name__, cause, exc_info=cause)
            raise

    async def list_tools(self) -> list[Tool]:
        listed = []
        for tool in await super().list_tools():
            data = tool.model_dump(by_alias=True, exclude_none=True)
            # A tool's own securitySchemes (in its meta) win over the server's default.
            meta = {"securitySchemes": self.security_schemes, **data.get("_meta", {})}
            options = self._tool_widgets.get(tool.name)
            if options:
                uri = self.widgets.get(options["widget"]).uri
                meta["ui"] = {**meta.get("ui", {}), "resourceUri": uri, "visibility": options["visibility"]}
                meta["openai/outputTemplate"] = uri
                meta["openai/widgetAccessible"] = "app" in options["visibility"]
                meta["openai/toolInvocation/invoking"] = options["invoking"]
                meta["openai/toolInvocation/invoked"] = options["invoked"]
            # The MCP SDKs keep only _meta.securitySchemes; ChatGPT documents the top-level field too.
            listed.append(Tool.model_validate({**data, "_meta": meta, "securitySchemes": meta["securitySchemes"]}))
        return listed

    async def list_resources(self) -> list[Resource]:
        resources = await super().list_resources()
        for widget in self.widgets.all().values():
            resources.append(
                Resource(
                    uri=AnyUrl(widget.uri),
                    name=widget.name,
                    title=widget.title,
                    description=widget.description,
                    mimeType=widget.mime_type,
                    _meta=widget.meta,
                )
            )
        return resources

    async def read_resource(self, uri: AnyUrl | str) -> Iterable[ReadResourceContents]:
        widget = self.widgets.find(str(uri))
        if widget is None:
            return await super().read_resource(uri)
        return [ReadResourceContents(content=widget.html, mime_type=widget.mime_type, meta=widget.meta)]
