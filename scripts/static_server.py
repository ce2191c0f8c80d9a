"""A small static server for the built site (local use, tests and the benchmark).

Any static web server works for hosting site/ (see the README); this one adds what
Python's http.server lacks for this site:
- the right types for .mjs and .wasm;
- pre-compressed copies: ``name.gz`` (written by the build next to large files) is
  sent with ``Content-Encoding: gzip`` to clients that accept gzip, as nginx's
  ``gzip_static`` does, unless it is older than ``name``;
- cache headers: files whose name carries a content hash (Material's bundles) are
  immutable; everything else (pages, sw.js, the runtime manifest, the Pyodide files,
  the calculators' scripts) is revalidated on each use (Last-Modified / 304), so a new
  build is never mixed with an old one. The service worker gives the speed offline
  and on repeat visits;
- the site's Content-Security-Policy as a header on every response, as the README's
  nginx example sends it (the build writes it to ``csp/policy.txt``): pages carry it
  in a meta tag anyway, but workers and the service worker take theirs from their own
  response's header only.

``serve()`` returns the server; its ``directory`` attribute may be changed while it
runs (the tests serve a second build on the same origin that way). Set its ``served``
attribute to a list and each response is appended to it as {"path", "bytes" (the body
as sent), "t" (time.perf_counter())}: the benchmark counts what a page cost that way,
whoever asked (Playwright does not see a shared worker's requests). Set its
``csp_report_uri`` to a URL and the policy header asks browsers to report violations
there (the tests collect them; a meta tag cannot ask for reports).
"""

from __future__ import annotations

import argparse
import email.utils
import http.server
import os
import re
import sys
import time
from pathlib import Path

HASHED = re.compile(r"\.[0-9a-f]{8,}\.(min\.)?(js|css)$")


def cache_control(path: str) -> str:
    if HASHED.search(path):
        return "public, max-age=31536000, immutable"
    return "no-cache"


POLICY_FILE = Path("csp") / "policy.txt"  # written by the build (scripts/csp.py)


def content_security_policy(directory: Path, report_uri: str | None = None) -> str | None:
    """The policy header for a built site (None for a folder without one)."""
    try:
        policy = (Path(directory) / POLICY_FILE).read_text("utf-8").strip()
    except OSError:
        return None
    return f"{policy}; report-uri {report_uri}" if report_uri else policy


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

    def _compressed(self, path: str) -> str | None:
        """The path of a fresh .gz copy of a file to send instead, if the client takes it."""
        if "gzip" not in self.headers.get("Accept-Encoding", "") or self.headers.get("Range"):
            return None
        gz = path + ".gz"
        try:
            if os.stat(gz).st_mtime >= os.stat(path).st_mtime:
                return gz
        except OSError:
            pass
        return None

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # redirects to the slash URL
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()
        gz = self._compressed(path)
        if gz is None:
            return super().send_head()
        try:
            f = open(gz, "rb")
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
            self.send_header("Content-Encoding", "gzip")
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
        super().send_header(keyword, value)

    def end_headers(self):
        self.send_header("Cache-Control", cache_control(self.path.split("?", 1)[0]))
        policy = content_security_policy(self.server.directory, self.server.csp_report_uri)
        if policy:
            self.send_header("Content-Security-Policy", policy)
        super().end_headers()
        served = getattr(self.server, "served", None)
        if served is not None:
            served.append({"path": self.path, "bytes": getattr(self, "body_length", 0), "t": time.perf_counter()})
            self.body_length = 0

    def log_message(self, format, *args):  # quiet unless asked
        if self.server.verbose:
            super().log_message(format, *args)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that goes away while a file is on its way (a page closed before the
        # search index arrived) is no error of the server's.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def serve(directory: Path, port: int, host: str = "127.0.0.1", verbose: bool = False) -> Server:
    server = Server((host, port), Handler)
    server.directory = Path(directory)
    server.verbose = verbose
    server.served = None
    server.csp_report_uri = None
    return server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", nargs="?", default="site")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    server = serve(Path(args.directory), args.port, args.host, args.verbose)
    print(f"http://{args.host}:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
