"""The keyword fixture's package imports, and every description is in its docstrings verbatim.

Usage: check_keywords.py <generated kw_client src folder> <fixture folder>
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path

import yaml


def main() -> int:
    src, fixture = Path(sys.argv[1]), Path(sys.argv[2])
    sys.path.insert(0, str(src))
    pkg = importlib.import_module("kw_client")
    api = yaml.safe_load((fixture / "apis" / "kw.type.class.yaml").read_text(encoding="utf-8"))["api"]
    request = pkg.KwTypeClassRequest
    docs = [inspect.cleandoc(request.__doc__ or "")]
    # Field docstrings are not kept at run time; read them from the source.
    source = inspect.getsource(sys.modules[request.__module__])
    missing = []
    if api["description"] not in docs[0]:
        missing.append("request description")
    module_docs = [d.replace("\n    ", "\n") for d in _string_constants(source)]
    for p in api["params"]:
        if not any(p["description"] in d for d in module_docs):
            missing.append(str(p["name"]))
    for e in api["enums"]:
        for v in e["values"]:
            assert pkg.Type(v["value"]).value == v["value"]
    if missing:
        print("descriptions not verbatim:", ", ".join(missing))
        return 1
    print(f"kw_client: imports; {len(api['params'])} parameter descriptions verbatim")
    return 0


def _string_constants(source: str) -> list[str]:
    import ast

    return [n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


if __name__ == "__main__":
    sys.exit(main())
