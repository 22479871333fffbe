"""The mock gateway as a child process: `topgen serve-mock` on a free loopback port, its control
endpoints (`/__mock/...`), and a bounded shutdown. Nothing here leaves 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import threading
import urllib.request
from pathlib import Path
from typing import IO, Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[3]
TOPGEN = ROOT / "target" / "debug" / "topgen"
BANNER = "topgen mock listening on "
START_TIMEOUT = 30.0
CONTROL_TIMEOUT = 5.0
STOP_TIMEOUT = 10.0

#: The public dev pairs the mock accepts by default (docs/mock-gateway.md, "Credentials").
TOP_APP_KEY, TOP_SECRET = "12129701", "test-secret-0123"
H7B_APP_KEY, H7B_SECRET = "uwkahf@jfs92", "demoSecret123"


class MockGateway:
    """A running `topgen serve-mock`; `url` is `http://127.0.0.1:PORT`."""

    def __init__(self, process: "subprocess.Popen[bytes]", url: str, stderr: IO[bytes]) -> None:
        self.process = process
        self.url = url
        self._stderr = stderr

    @property
    def top_url(self) -> str:
        """The TOP endpoint: the path of its default URL (`/router/rest`)."""
        return f"{self.url}/router/rest"

    @property
    def h7b_url(self) -> str:
        """The H7B base URL; the client appends each API's path."""
        return self.url

    def _call(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(f"{self.url}/__mock/{path}", data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=CONTROL_TIMEOUT) as resp:
            return json.loads(resp.read().decode("utf-8"))

    def reset(self) -> None:
        self._call("POST", "reset", {})

    def fault(self, fault: Dict[str, Any]) -> None:
        self._call("POST", "faults", fault)

    def respond(self, api: str, body: Any) -> None:
        """Replaces ``api``'s canned success body until the next ``respond`` or ``reset``."""
        self._call("POST", "responses", {"api": api, "body": body})

    def requests(self) -> List[Dict[str, Any]]:
        """The gateway requests recorded since the last reset, oldest first."""
        records: List[Dict[str, Any]] = self._call("GET", "requests")["requests"]
        return records

    def stop(self) -> None:
        """Closes stdin (the mock runs with --stop-on-stdin-eof); kills it if it lingers."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)
        for stream in (self.process.stdout, self._stderr):
            if stream is not None:
                stream.close()


def start(stderr: IO[bytes]) -> MockGateway:
    """Spawns the mock from the repo root and reads the URL from its first stdout line."""
    if not TOPGEN.is_file():
        raise RuntimeError(f"{TOPGEN} is missing: run `cargo build --bin topgen` first")
    process = subprocess.Popen(
        [str(TOPGEN), "serve-mock", "--addr", "127.0.0.1:0", "--stop-on-stdin-eof", "--quiet"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
    )
    first: List[bytes] = []
    assert process.stdout is not None
    stdout = process.stdout
    reader = threading.Thread(target=lambda: first.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(START_TIMEOUT)
    line = first[0].decode("utf-8").strip() if first else ""
    if not line.startswith(BANNER):
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)
        stderr.seek(0)
        detail = stderr.read().decode("utf-8", errors="replace").strip()
        raise RuntimeError(f"the mock did not start within {START_TIMEOUT:g}s (stdout {line!r}; stderr {detail!r})")
    # The rest of the banner (routes, credentials) is a few short lines: drain it so the pipe never fills.
    threading.Thread(target=stdout.read, daemon=True).start()
    return MockGateway(process, line[len(BANNER) :], stderr)
