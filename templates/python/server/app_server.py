"""MCPServer (mcp 2.x) plus what ChatGPT reads: a tool names its widget, and every metadata key follows.

For a tool registered with `widget_tool(widget="dice", ...)` this writes `_meta.ui.resourceUri`
and its alias `openai/outputTemplate` (equal, the widget's current content-hashed URI),
`_meta.ui.visibility` and `openai/widgetAccessible`, the invocation texts, and
`securitySchemes` (top level and the `_meta` mirror). The widgets are served as resources
with their MIME type and `_meta` on the contents, as chatgpt-app built them.

The server carries the SDK's MCP Apps extension (`mcp.server.apps`), so it advertises
`io.modelcontextprotocol/ui`. Its `@apps.tool` binds a fixed URI when the server is made;
a chatgpt-app widget's URI changes with its content (under `dev`, on every rebuild), so
the tools' `_meta` is written when they are listed instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from types import TracebackType
from typing import Any

from mcp.server.apps import Apps
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.lowlevel.helper_types import ReadResourceContents
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import UnexpectedToolError
from mcp.types import CallToolResult, Resource, TextContent, Tool

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


async def top_level_security_schemes(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
    """Server middleware: copies each listed tool's `_meta.securitySchemes` to its top level.

    ChatGPT documents the top-level field; the SDK shapes every result by the protocol's
    schema, which has no such key, and drops it. Middleware runs outside that step and
    gets the result as sent, for 2025- and 2026-era requests alike.
    """
    result = await call_next(ctx)
    if ctx.method == "tools/list" and isinstance(result, dict):
        tools = [dict(tool) for tool in result.get("tools", [])]
        for tool in tools:
            schemes = (tool.get("_meta") or {}).get("securitySchemes")
            if schemes is not None:
                tool["securitySchemes"] = schemes
        result = {**result, "tools": tools}
    return result


class ChatGptMCP(MCPServer):
    def __init__(self, name: str, *, version: str, widgets: WidgetCatalog, security_schemes: list[dict[str, Any]], **settings: Any) -> None:
        # `version` is what MCP clients see as serverInfo.version.
        super().__init__(name, version=version, extensions=[Apps()], middleware=[top_level_security_schemes], **settings)
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

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None) -> Any:
        try:
            return await super().call_tool(name, arguments, context)
        except UnexpectedToolError as error:
            tool = self._tool_manager.get_tool(name)
            cause = error.__cause__
            if tool is None or cause is None or not raised_in(cause, tool.fn):
                raise
            # The traceback is for you; the client gets an isError result with the message.
            logger.error("Tool %s raised %s: %s", name, type(cause).__name__, cause, exc_info=cause)
            return CallToolResult(content=[TextContent(type="text", text=f"Error executing tool {name}: {cause}")], is_error=True)

    async def list_tools(self) -> list[Tool]:
        listed = []
        for tool in await super().list_tools():
            # A tool's own securitySchemes (in its meta) win over the server's default.
            meta = {"securitySchemes": self.security_schemes, **(tool.meta or {})}
            options = self._tool_widgets.get(tool.name)
            if options:
                uri = self.widgets.get(options["widget"]).uri
                meta["ui"] = {**meta.get("ui", {}), "resourceUri": uri, "visibility": options["visibility"]}
                meta["openai/outputTemplate"] = uri
                meta["openai/widgetAccessible"] = "app" in options["visibility"]
                meta["openai/toolInvocation/invoking"] = options["invoking"]
                meta["openai/toolInvocation/invoked"] = options["invoked"]
            listed.append(tool.model_copy(update={"meta": meta}))
        return listed

    async def list_resources(self) -> list[Resource]:
        resources = await super().list_resources()
        for widget in self.widgets.all().values():
            resources.append(
                Resource(
                    uri=widget.uri,
                    name=widget.name,
                    title=widget.title,
                    description=widget.description,
                    mime_type=widget.mime_type,
                    _meta=widget.meta,
                )
            )
        return resources

    async def read_resource(self, uri: Any, context: Context[Any, Any] | None = None) -> Any:
        widget = self.widgets.find(str(uri))
        if widget is None:
            return await super().read_resource(uri, context)
        contents: Iterable[ReadResourceContents] = [ReadResourceContents(content=widget.html, mime_type=widget.mime_type, meta=widget.meta)]
        return contents
