"""A minimal Chrome DevTools Protocol client (standard library only) for the browser tests.

Starts headless Chromium with a DevTools port, opens a websocket to its page, sends commands and collects
events: console messages, exceptions, log entries and every network request the page makes.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Self

from criteria.report.documents.screenshot import chromium_command


class WebSocket:
    """Just enough of RFC 6455 for DevTools: text frames, client masking, ping/pong, close."""

    def __init__(self, url: str, timeout: float = 20) -> None:
        host_port, path = url.removeprefix("ws://").split("/", 1)
        host, port = host_port.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        self.buffer = bytearray()
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        end = self.buffer.index(b"\r\n\r\n")
        status = bytes(self.buffer[:end]).split(b"\r\n")[0]
        if b" 101 " not in status:
            raise ConnectionError(f"websocket handshake failed: {status!r}")
        del self.buffer[: end + 4]

    def _fill(self) -> None:
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise ConnectionError("websocket closed")
        self.buffer += chunk

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            self._fill()
        data = bytes(self.buffer[:n])
        del self.buffer[:n]
        return data

    def _frame(self, opcode: int, data: bytes) -> None:
        mask = os.urandom(4)
        n = len(data)
        length = (
            bytes([0x80 | n])
            if n < 126
            else (
                bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", n)
            )
        )
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(bytes([0x80 | opcode]) + length + mask + masked)

    def send(self, text: str) -> None:
        self._frame(0x1, text.encode("utf-8"))

    def recv(self) -> str:
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise ConnectionError("websocket closed by the browser")
            if opcode == 0x9:
                self._frame(0xA, payload)
                continue
            message += payload
            if b0 & 0x80 and opcode in (0x0, 0x1, 0x2):
                return message.decode("utf-8")

    def close(self) -> None:
        self.sock.close()


class DevTools:
    """Headless Chromium with one page, driven over the DevTools protocol. Use as a context manager."""

    def __init__(self, binary: str, timeout: float = 20) -> None:
        self.binary, self.timeout = binary, timeout
        self.events: list[dict] = []
        self._next_id = 0

    def __enter__(self) -> Self:
        self._profile = tempfile.TemporaryDirectory(prefix="criteria-devtools-", ignore_cleanup_errors=True)
        profile = Path(self._profile.name)
        self.process = subprocess.Popen(
            chromium_command(self.binary, profile, "--remote-debugging-port=0", "about:blank"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.__exit__(None, None, None)
                raise RuntimeError("Chromium did not open a DevTools port")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=self.timeout) as response:
            targets = json.load(response)
        page = next(t for t in targets if t["type"] == "page")
        self.ws = WebSocket(page["webSocketDebuggerUrl"], self.timeout)
        return self

    def __exit__(self, *exc: object) -> None:
        if getattr(self, "ws", None):
            self.ws.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._profile.cleanup()

    def call(self, method: str, **params: object) -> dict:
        self._next_id += 1
        my_id = self._next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == my_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for(self, event: str, after: int = 0) -> dict:
        """The first `event` among the events from index `after` on, waiting for it if it has not come yet."""
        seen = next((e for e in self.events[after:] if e["method"] == event), None)
        while seen is None:
            message = json.loads(self.ws.recv())
            if "method" in message:
                self.events.append(message)
                if message["method"] == event:
                    seen = message
        return seen

    def evaluate(self, expression: str) -> object:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str) -> None:
        """Enable the event domains, navigate, and wait until the page has loaded."""
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        before = len(self.events)  # a second page in the same browser: wait for ITS load, not the first one's
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired", before)
        self.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 100)))")

    def capture(self, clip: dict | None = None) -> bytes:
        """A PNG of the page, or of the `clip` rectangle (CSS pixels) of it."""
        params = {"format": "png", "captureBeyondViewport": True, **({"clip": {**clip, "scale": 1}} if clip else {})}
        return base64.b64decode(self.call("Page.captureScreenshot", **params)["data"])

    def print_pdf(self) -> bytes:
        """The page printed as the browser's print dialog would, without header and footer."""
        result = self.call("Page.printToPDF", displayHeaderFooter=False, printBackground=True, preferCSSPageSize=True)
        return base64.b64decode(result["data"])

    def named(self, *methods: str) -> list[dict]:
        return [e for e in self.events if e["method"] in methods]
