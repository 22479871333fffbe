"""One mock gateway for the whole run (spawned from the repo root, stopped at the end), reset
before every test so each test sees only its own requests."""

from __future__ import annotations

import tempfile
from typing import Iterator

import pytest

import mockgw
from mockgw import MockGateway


@pytest.fixture(scope="session")
def mock() -> Iterator[MockGateway]:
    with tempfile.TemporaryFile() as stderr:
        gateway = mockgw.start(stderr)
        try:
            yield gateway
        finally:
            gateway.stop()


@pytest.fixture(autouse=True)
def _fresh_mock(mock: MockGateway) -> None:
    mock.reset()
