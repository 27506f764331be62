"""Stand-ins for the outside world: an SMS gateway (http.server in a thread) and a mail server (aiosmtpd)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bianmin.notify.channels import signature


class Gateway:
    """An SMS gateway: answers each request by the next behaviour in ``script`` (then the last one again):
    "ok", "500", "400", "slow" (sleeps ``delay`` and answers OK), "hang" (longer than any timeout)."""

    def __init__(self, script: list[str], secret: str = "s3cret", delay: float = 0.0) -> None:
        self.script, self.secret, self.delay = list(script), secret, delay
        self.received: list[dict[str, Any]] = []
        self.bad_signatures = 0
        self.lock = threading.Lock()

    def next(self) -> str:
        with self.lock:
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]


def _handler(gateway: Gateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.headers.get("X-Signature") != signature(gateway.secret, body):
                gateway.bad_signatures += 1
            behaviour = gateway.next()
            if behaviour == "hang":
                time.sleep(3)
            if behaviour == "slow":
                time.sleep(gateway.delay)
            if behaviour in ("500", "400"):
                self.send_response(int(behaviour))
                self.end_headers()
                return
            payload = json.loads(body)
            with gateway.lock:
                gateway.received.append(payload)
            answer = json.dumps({"code": "OK", "bizId": f"biz-{payload['outId']}"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    return Handler


@contextmanager
def sms_gateway(script: list[str], **extra: Any) -> Iterator[tuple[Gateway, str]]:
    gateway = Gateway(script, **extra)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gateway))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway, f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    finally:
        server.shutdown()
        server.server_close()


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope)
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:  # noqa: N802
        if address.endswith("@nowhere.invalid"):
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[tuple[_Inbox, int]]:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free port (the controller checks itself by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
