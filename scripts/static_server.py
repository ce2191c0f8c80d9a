"""A small static server for the built site (local use, tests and the benchmark).

Any static web server works for hosting site/ (see the README); this one adds what
Python's http.server lacks for this site:
- the right types for .mjs and .wasm;
- pre-compressed copies: ``name.br`` and ``name.gz`` (written by the build next to
  large files) are sent with ``Content-Encoding: br`` or ``gzip`` to clients that
  accept that coding (brotli first), as nginx's ``brotli_static`` and ``gzip_static``
  do, unless the copy is older than ``name``; never for a range request;
- cache headers: files whose name carries a content hash (Material's bundles) are
  immutable; everything else (pages, sw.js, the runtime manifest, the Pyodide files,
  the calculators' scripts) is revalidated on each use (Last-Modified / 304), so a new
  build is never mixed with an old one. The service worker gives the speed offline
  and on repeat visits.

For the benchmark (``scripts/bench --network``) it can also play a real link:
- https (``tls=(certificate, key)``): Chromium offers brotli only over https;
- a throttle (``Throttle(mbit, rtt_ms)``): each response waits one round trip before
  it starts, and the bodies of all responses share one bandwidth, sent in slices in
  the order they are due, as on one link. (Connection set-up, TCP and TLS, is not
  played: on a real link it adds round trips to each new connection.)

``serve()`` returns the server; its ``directory`` attribute may be changed while it
runs (the tests serve a second build on the same origin that way). Set its ``served``
attribute to a list and each response is appended to it as {"path", "bytes" (the body
as sent), "encoding", "t" (time.perf_counter() when its headers were sent), "done"
(when its body was)}: the benchmark counts what a page cost that way, whoever asked
(Playwright does not see a shared worker's requests).

    python scripts/static_server.py site --port 8443 --throttle 5,150 --tls cert.pem key.pem
"""

from __future__ import annotations

import argparse
import email.utils
import http.server
import os
import re
import ssl
import sys
import threading
import time
from pathlib import Path

HASHED = re.compile(r"\.[0-9a-f]{8,}\.(min\.)?(js|css)$")


def cache_control(path: str) -> str:
    if HASHED.search(path):
        return "public, max-age=31536000, immutable"
    return "no-cache"


# The codings a client may get, best first, and the copy that carries each.
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))


def accepted_codings(header: str) -> set[str]:
    """The content codings an Accept-Encoding header accepts (q above 0; "*" stands
    for any coding it does not name)."""
    q_of = {}
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        name, q = name.strip().lower(), 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name:
            q_of[name] = q
    wildcard = q_of.get("*", 0) > 0
    return {coding for coding, _ in PRECOMPRESSED if q_of.get(coding, 1.0 if wildcard else 0.0) > 0}


class Throttle:
    """A link of ``mbit`` Mbit/s with a round trip of ``rtt_ms``, shared by every
    response of the server: each response starts one round trip after its request,
    and its body leaves in slices, each when the link has sent those before it."""

    SLICE = 16 * 1024

    def __init__(self, mbit: float, rtt_ms: float):
        self.bytes_per_s = mbit * 1e6 / 8
        self.rtt = rtt_ms / 1000
        self._lock = threading.Lock()
        self._free_at = 0.0  # when the link has sent everything handed to it so far

    def round_trip(self) -> None:
        time.sleep(self.rtt)

    def send(self, out, data: bytes) -> None:
        for start in range(0, len(data), self.SLICE):
            piece = data[start:start + self.SLICE]
            with self._lock:
                self._free_at = max(self._free_at, time.perf_counter()) + len(piece) / self.bytes_per_s
                due = self._free_at
            time.sleep(max(0.0, due - time.perf_counter()))
            out.write(piece)

    @classmethod
    def parse(cls, text: str) -> Throttle:
        """ "MBIT,RTT_MS", e.g. "5,150"."""
        mbit, rtt = (float(x) for x in text.split(","))
        if mbit <= 0 or rtt < 0:
            raise ValueError(text)
        return cls(mbit, rtt)


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".whl": "application/zip",
        ".webmanifest": "application/manifest+json",
    }

    def __init__(self, request, client_address, server):
        super().__init__(request, client_address, server, directory=str(server.directory))

    def _compressed(self, path: str) -> tuple[str, str] | None:
        """A fresh pre-compressed copy of a file to send instead, in a coding the client
        takes: (its path, the coding)."""
        if self.headers.get("Range"):
            return None
        codings = accepted_codings(self.headers.get("Accept-Encoding", "")) & self.server.codings
        for coding, suffix in PRECOMPRESSED:
            if coding not in codings:
                continue
            try:
                if os.stat(path + suffix).st_mtime >= os.stat(path).st_mtime:
                    return path + suffix, coding
            except OSError:
                pass
        return None

    def do_GET(self):
        if self.server.throttle:
            self.server.throttle.round_trip()
        super().do_GET()

    def do_HEAD(self):
        if self.server.throttle:
            self.server.throttle.round_trip()
        super().do_HEAD()

    def copyfile(self, source, outputfile):
        throttle = self.server.throttle
        if throttle is None:
            super().copyfile(source, outputfile)
        else:
            while chunk := source.read(256 * 1024):
                throttle.send(outputfile, chunk)
        served = getattr(self.server, "served", None)
        if served is not None and self.logged is not None:
            self.logged["done"] = time.perf_counter()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # redirects to the slash URL
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()
        copy = self._compressed(path)
        if copy is None:
            return super().send_head()
        copy_path, coding = copy
        try:
            f = open(copy_path, "rb")
        except OSError:
            return super().send_head()
        try:
            stat = os.stat(path)
            since = self.headers.get("If-Modified-Since")
            if since and not self.headers.get("If-None-Match"):
                try:
                    if int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                        f.close()
                        self.send_response(304)
                        self.send_header("Vary", "Accept-Encoding")
                        self.end_headers()
                        return None
                except (TypeError, ValueError, OverflowError):
                    pass
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", coding)
            self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
            self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return f
        except Exception:
            f.close()
            raise

    def send_header(self, keyword, value):
        if keyword.lower() == "content-length":
            self.body_length = int(value)
        elif keyword.lower() == "content-encoding":
            self.body_encoding = value
        super().send_header(keyword, value)

    def end_headers(self):
        self.send_header("Cache-Control", cache_control(self.path.split("?", 1)[0]))
        super().end_headers()
        served = getattr(self.server, "served", None)
        self.logged = None
        if served is not None:
            self.logged = {"path": self.path, "bytes": getattr(self, "body_length", 0),
                           "encoding": getattr(self, "body_encoding", ""), "t": time.perf_counter()}
            served.append(self.logged)
        self.body_length, self.body_encoding = 0, ""

    def log_message(self, format, *args):  # quiet unless asked
        if self.server.verbose:
            super().log_message(format, *args)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    throttle: Throttle | None = None
    codings = frozenset(coding for coding, _ in PRECOMPRESSED)  # the copies it serves

    def handle_error(self, request, client_address):
        # A browser that goes away while a file is on its way (a page closed before the
        # search index arrived) is no error of the server's.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ssl.SSLError)):
            return
        super().handle_error(request, client_address)


def serve(directory: Path, port: int, host: str = "127.0.0.1", verbose: bool = False,
          tls: tuple[Path, Path] | None = None, throttle: Throttle | None = None,
          codings: tuple[str, ...] = ("br", "gzip")) -> Server:
    """The server (not yet serving: call serve_forever). ``tls``: (certificate, key)
    files, for https; ``throttle``: a link to play (see Throttle); ``codings``: the
    pre-compressed copies it serves (("gzip",) plays a host without brotli)."""
    server = Server((host, port), Handler)
    server.directory = Path(directory)
    server.verbose = verbose
    server.served = None
    server.throttle = throttle
    server.codings = frozenset(codings)
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*map(str, tls))
        # The handshake happens in the request's own thread, on its first read, not
        # in the thread that accepts connections.
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    return server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", nargs="?", default="site")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), help="serve https with this certificate and key")
    parser.add_argument("--throttle", metavar="MBIT,RTT_MS", type=Throttle.parse,
                        help="play a link: bandwidth shared by all responses, one round trip per request")
    parser.add_argument("--no-brotli", action="store_true", help="serve the .gz copies only, as a host without brotli")
    args = parser.parse_args(argv)
    server = serve(Path(args.directory), args.port, args.host, args.verbose, args.tls, args.throttle,
                   ("gzip",) if args.no_brotli else ("br", "gzip"))
    print(f"{'https' if args.tls else 'http'}://{args.host}:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
