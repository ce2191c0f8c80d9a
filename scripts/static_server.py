"""A small static server for the built site (local use, tests and the benchmark).

Any static web server works for hosting site/ (see the README); this one adds what
Python's http.server lacks for this site: the right types for .mjs and .wasm, and
cache headers (HTML and the runtime manifest revalidate; everything else may be cached
briefly and is revalidated by Last-Modified).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
from pathlib import Path


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

    def end_headers(self):
        path = self.path.split("?", 1)[0]
        if path.endswith("/") or path.endswith(".html") or path.endswith("manifest.json") or path.endswith("sw.js"):
            self.send_header("Cache-Control", "no-cache")
        else:
            self.send_header("Cache-Control", "public, max-age=3600")
        super().end_headers()

    def log_message(self, format, *args):  # quiet unless asked
        if self.server.verbose:
            super().log_message(format, *args)


def serve(directory: Path, port: int, host: str = "127.0.0.1", verbose: bool = False) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.verbose = verbose
    return server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
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
