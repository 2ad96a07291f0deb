"""HTTP on 127.0.0.1: the Bot API's URL layout, request decoding, and webhook pushes.

``/bot<token>/<method>`` takes a query string, a form, multipart or JSON, as Telegram does;
``/file/bot<token>/<path>`` serves files. A webhook, once set, gets each pending update POSTed
until it answers 2xx, as Telegram delivers them.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Mapping
from email import message_from_bytes
from email.message import Message as EmailMessage
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx

from .objects import StoredFile, Upload, normalize_chat_id
from .state import BotState

__all__ = ["Endpoint", "HttpTransport", "WebhookPusher", "decode_params"]

# How Telegram reads form fields: these as numbers, flags or JSON; every other one as text.
_INT_PARAMS = frozenset(
    ["offset", "limit", "timeout", "message_id", "message_thread_id", "user_id"]
)
_BOOL_PARAMS = frozenset(["disable_notification", "drop_pending_updates", "show_alert"])
_JSON_PARAMS = frozenset(
    {"reply_markup", "allowed_updates", "entities", "caption_entities", "commands", "scope"}
    | {"link_preview_options", "reply_parameters"}
)


class Endpoint(Protocol):
    """What the HTTP layer asks of the server."""

    token: str
    latency: float

    def handle(
        self, method: str, params: dict[str, Any], uploads: dict[str, Upload]
    ) -> tuple[int, dict[str, Any], bool]: ...

    def file_by_path(self, file_path: str) -> StoredFile | None: ...


def _typed(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key == "chat_id":
        return normalize_chat_id(value)
    if key in _INT_PARAMS:
        try:
            return int(value)
        except ValueError:
            return value
    if key in _BOOL_PARAMS:
        return value.lower() in ("true", "1")
    if key in _JSON_PARAMS:
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise ValueError(f"can't parse {key} JSON object") from None
    return value


def _parse_multipart(
    content_type: str, body: bytes, raw: dict[str, Any], uploads: dict[str, Upload]
) -> None:
    envelope = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode() + body
    message = message_from_bytes(envelope, policy=HTTP)
    if not message.is_multipart():
        raise ValueError("can't parse multipart body")
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        data = part.get_payload(decode=True)
        payload = data if isinstance(data, bytes) else b""
        filename = part.get_filename()
        if filename is not None or part.get_content_type() != "text/plain":
            uploads[name] = Upload(filename, part.get_content_type(), payload)
        else:
            raw[name] = payload.decode(part.get_content_charset() or "utf-8")


def decode_params(
    headers: EmailMessage, body: bytes, query: str
) -> tuple[dict[str, Any], dict[str, Upload]]:
    """Parameters of a Bot API request: query string, form, multipart or JSON, values typed."""
    raw: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    uploads: dict[str, Upload] = {}
    content_type = headers.get("Content-Type", "") or ""
    if body:
        if content_type.startswith("application/json"):
            try:
                data = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ValueError("can't parse JSON object") from exc
            if not isinstance(data, dict):
                raise ValueError("JSON object expected")
            raw.update(data)
        elif content_type.startswith("multipart/form-data"):
            _parse_multipart(content_type, body, raw, uploads)
        else:
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ValueError("request body must be UTF-8") from exc
            raw.update(parse_qsl(text, keep_blank_values=True))
    return {key: _typed(key, value) for key, value in raw.items()}, uploads


def _error(status: int, description: str) -> dict[str, Any]:
    return {"ok": False, "error_code": status, "description": description}


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "BotApiTestServer/1.0"
    endpoint: Endpoint
    transport: HttpTransport

    def setup(self) -> None:
        super().setup()
        self.transport.opened(self.connection)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        self.transport.closed(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        # Request lines hold the token; tests keep quiet like the bot keeps httpx quiet.
        return

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        try:
            body = self._read_body()
        except ValueError as exc:
            self._reply(400, _error(400, f"Bad Request: {exc}"))
            return
        path = urlsplit(self.path)
        parts = unquote(path.path).split("/")
        if len(parts) >= 4 and parts[1] == "file" and parts[2].startswith("bot"):
            self._serve_file(parts[2][3:], "/".join(parts[3:]))
            return
        if len(parts) != 3 or not parts[1].startswith("bot") or not parts[2]:
            self._reply(404, _error(404, "Not Found"))
            return
        if parts[1][3:] != self.endpoint.token:
            self._reply(401, _error(401, "Unauthorized"))
            return
        try:
            params, uploads = decode_params(self.headers, body, path.query)
        except ValueError as exc:
            self._reply(400, _error(400, f"Bad Request: {exc}"))
            return
        if self.endpoint.latency:
            time.sleep(self.endpoint.latency)
        status, payload, drop = self.endpoint.handle(parts[2], params, uploads)
        if drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._reply(status, payload)

    def _serve_file(self, token: str, file_path: str) -> None:
        if token != self.endpoint.token:
            self._reply(401, _error(401, "Unauthorized"))
            return
        stored = self.endpoint.file_by_path(file_path)
        if stored is None:
            self._reply(404, _error(404, "Not Found"))
            return
        self.send_response(200)
        self.send_header("Content-Type", stored.mime_type or "application/octet-stream")
        self.send_header("Content-Length", str(len(stored.data)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(stored.data)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("invalid Content-Length")
        return self.rfile.read(length) if length else b""

    def _reply(self, status: int, payload: Mapping[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True


class HttpTransport:
    """A ThreadingHTTPServer for ``endpoint`` in a daemon thread."""

    def __init__(self, endpoint: Endpoint, *, host: str, port: int) -> None:
        self._endpoint = endpoint
        self.host = host
        self.port = port
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._httpd is not None

    def start(self) -> None:
        """Bind (a free port when 0) and serve."""
        handler = type(
            "_BoundHandler", (_Handler,), {"endpoint": self._endpoint, "transport": self}
        )
        self._httpd = _HttpServer((self.host, self.port), handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"botapi-server-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and cut the open connections (long polls included)."""
        if self._httpd is None:
            return
        self._httpd.shutdown()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def opened(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.add(conn)

    def closed(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.discard(conn)


class WebhookPusher:
    """POSTs pending updates one by one to the webhook the bot set, until it answers 2xx."""

    def __init__(self, state: BotState, *, name: str) -> None:
        self._state = state
        self._name = name
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start pushing (once; later calls while it runs do nothing)."""
        with self._state.lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()

    def join(self) -> None:
        """Wait for the pusher to notice the server stopping."""
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _next(self) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """(webhook, first pending update) while a webhook is set; None when stopping."""
        state = self._state
        with state.changed:
            while not state.stopping:
                if state.webhook is not None:
                    state.drop_unwanted(state.webhook.get("allowed_updates"))
                    if state.updates:
                        return dict(state.webhook), state.updates[0]
                state.changed.wait(0.5)
        return None

    def _run(self) -> None:
        state = self._state
        with httpx.Client(timeout=10.0) as client:
            while (pending := self._next()) is not None:
                webhook, update = pending
                headers = {}
                if webhook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = str(webhook["secret_token"])
                try:
                    response = client.post(webhook["url"], json=update, headers=headers)
                    error = (
                        None
                        if 200 <= response.status_code < 300
                        else f"Wrong response from the webhook: {response.status_code} "
                        f"{response.reason_phrase}"
                    )
                except httpx.HTTPError as exc:
                    error = f"Connection failed: {exc.__class__.__name__}"
                with state.changed:
                    if error is None:
                        if state.updates and state.updates[0] is update:
                            state.updates.popleft()
                    else:
                        state.webhook_error = (int(time.time()), error)
                    state.notify()
                    if error is not None:
                        state.changed.wait(0.2)
