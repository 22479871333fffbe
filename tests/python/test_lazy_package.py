"""The package root imports API modules only when one of their names is first used, so importing
one API costs the same whatever the number of APIs in the package (issue 10); every name is
still there for users, star imports and type checkers (``__init__.pyi``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import taobao_top

SRC = Path(taobao_top.__file__).resolve().parents[1]


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env={"PYTHONPATH": str(SRC)}
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_the_root_imports_no_api_module() -> None:
    out = run("import sys, taobao_top; print(sorted(m for m in sys.modules if m.startswith('taobao_top.refund')))")
    assert out == "[]"


def test_one_api_module_brings_only_itself() -> None:
    code = "import sys; from taobao_top import RefundRefuseRequest; print(sorted(m for m in sys.modules if m.startswith('taobao_top.refund')))"
    assert run(code) == "['taobao_top.refund_refuse']"


def test_every_name_is_reachable() -> None:
    for name in taobao_top.__all__:
        assert getattr(taobao_top, name) is not None
    assert "RefundNegotiatereturnRequest" in dir(taobao_top)
    assert run("from taobao_top import *; print(RefundRefuseMessage.__name__)") == "RefundRefuseMessage"


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        taobao_top.NoSuchRequest  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as e:
        assert "NoSuchRequest" in str(e)
    else:
        raise AssertionError("no AttributeError")
