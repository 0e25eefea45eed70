"""Serving a built site to headless Chromium (Debian's, driven by Playwright) in tests."""

from __future__ import annotations

import functools
import http.server
import mimetypes
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# As the machine's notes advise: no background traffic to hosts this sandbox cannot reach.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# A 1×1 transparent PNG stands in for map tiles, so the map is tested as readers with a
# network see it, without any request leaving the machine.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class StaticServer:
    """The site on a loopback port, as a reader's browser would fetch it."""

    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def keep_local(base: str):
    """A route handler: the site itself passes, tiles get a blank PNG, anything else is refused."""

    def handle(route):
        url = route.request.url
        if url.startswith(base):
            return route.continue_()
        if route.request.resource_type == "image" and "tile" in url:
            return route.fulfill(status=200, body=BLANK_PNG, content_type="image/png")
        return route.abort()

    return handle


def from_disk(root: Path, base: str):
    """A route handler that serves the site from disk, for a browser context that is offline."""

    def handle(route):
        url = route.request.url
        if not url.startswith(base):
            return route.abort()
        rel = url[len(base):].split("?")[0].split("#")[0]
        path = root / rel
        if rel == "" or rel.endswith("/") or path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return route.fulfill(status=404, body="not found")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return route.fulfill(status=200, body=path.read_bytes(), content_type=kind)

    return handle
