"""A threaded HTTP server for tests that does not print to stderr when a client hangs up.

The fetcher closes connections early on purpose (404s, size caps, timeouts); the standard
server would print a traceback into whatever captures stderr at that moment, such as a CLI
test's output.
"""

from __future__ import annotations

import logging
import sys
from http.server import ThreadingHTTPServer
from typing import Any

__all__ = ["QuietHTTPServer"]

log = logging.getLogger(__name__)


class QuietHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        log.exception("test HTTP server: error while serving %s", client_address)
