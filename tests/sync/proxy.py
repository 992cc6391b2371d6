"""A fault-injecting HTTP proxy for the sync tests: NetKeeper -> proxy -> a real server.

A rule names a method, which of its requests to hit (1 = the first), and a fault:
- "drop": close the connection without forwarding (the server never saw it);
- "drop-after": forward, let the server act, then close without answering
  (the answer is lost: the classic cause of duplicated creates);
- "500" / "503": answer that status without forwarding;
- "truncate": forward, then send half the body with a Content-Length to match
  (a multistatus cut short: not XML);
- "truncate-lying": forward, then send half the body but the full Content-Length;
- "delay": forward, then wait longer than the client's read timeout.
`slow` (seconds) holds every request that long first: a distant server, for
the screenshots of discovery and of a sync running.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client
import re
import secrets
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection"}


class FaultProxy:
    def __init__(self, upstream: str, delay: float = 3.0) -> None:
        parts = urlsplit(upstream)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.rules: list[tuple[str, int, str]] = []
        self.counts: Counter[str] = Counter()
        self.fired: list[tuple[str, int, str]] = []
        self.delay = delay
        self.slow = 0.0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _any(self) -> None:
                proxy.handle(self)

            do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_MKCOL = _any
            do_OPTIONS = do_HEAD = do_POST = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fault_for(self, method: str) -> str | None:
        self.counts[method] += 1
        for m, n, fault in self.rules:
            if m == method and n == self.counts[method]:
                self.fired.append((m, n, fault))
                return fault
        return None

    def _drop(self, h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True
        with contextlib.suppress(OSError):
            h.connection.shutdown(socket.SHUT_RDWR)

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        fault = self.fault_for(h.command)
        if self.slow:
            time.sleep(self.slow)
        if fault == "drop":
            self._drop(h)
            return
        if fault in ("500", "503"):
            h.send_response(int(fault))
            h.send_header("Content-Length", "0")
            if fault == "503":
                h.send_header("Retry-After", "1")
            h.end_headers()
            return
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {k: v for k, v in h.headers.items() if k.lower() not in HOP}
        conn.request(h.command, h.path, body=body or None, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        if fault == "drop-after":
            self._drop(h)
            return
        if fault == "delay":
            time.sleep(self.delay)
        sent = data
        if fault in ("truncate", "truncate-lying"):
            sent = data[: len(data) // 2]
        h.send_response(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() not in HOP:
                h.send_header(k, v)
        h.send_header("Content-Length", str(len(data if fault == "truncate-lying" else sent)))
        h.end_headers()
        try:
            h.wfile.write(sent)
            h.wfile.flush()
        except OSError:
            return
        if fault == "truncate-lying":
            self._drop(h)


class DigestGate(FaultProxy):
    """The proxy as a web server in front of a CardDAV server that asks for Digest auth
    (RFC 7616, MD5, qop=auth), as Apache or nginx in front of Xandikos do; it records
    each request's User-Agent."""

    realm = "NetKeeper test"

    def __init__(self, upstream: str, user: str, password: str) -> None:
        super().__init__(upstream)
        self.user, self.password = user, password
        self.nonce = secrets.token_hex(16)
        self.agents: list[str] = []
        self.refused = 0

    def _valid(self, h: BaseHTTPRequestHandler) -> bool:
        header = h.headers.get("Authorization", "")
        if not header.lower().startswith("digest "):
            return False
        p = dict(re.findall(r'(\w+)="?([^",]*)"?', header[7:]))
        if p.get("username") != self.user or p.get("nonce") != self.nonce:
            return False

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        ha1 = md5(f"{self.user}:{self.realm}:{self.password}")
        ha2 = md5(f"{h.command}:{p.get('uri', '')}")
        want = md5(f"{ha1}:{self.nonce}:{p.get('nc')}:{p.get('cnonce')}:{p.get('qop')}:{ha2}")
        return hmac.compare_digest(want, p.get("response", ""))

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        self.agents.append(h.headers.get("User-Agent", ""))
        if self._valid(h):
            super().handle(h)
            return
        self.refused += 1
        length = int(h.headers.get("Content-Length") or 0)
        if length:
            h.rfile.read(length)
        h.send_response(401)
        h.send_header(
            "WWW-Authenticate",
            f'Digest realm="{self.realm}", nonce="{self.nonce}", qop="auth", algorithm=MD5',
        )
        h.send_header("Content-Length", "0")
        h.end_headers()
