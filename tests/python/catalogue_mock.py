"""The catalogue against the mock, in Python (issue 10): for every selected TOP API, a request
built from sample values of its parameter *types* — read from the spec YAML, not from the client —
goes through the generated client's ``execute`` to ``topgen serve-mock``, which checks the
signature and the declared parameters and answers a body built from the response schema. The
typed answer must hold every declared response field with its type: 18-digit ids exact (compared
with the raw body read by ``json.loads``, whose integers are exact), wrapped lists as typed lists,
dates as aware datetimes at GMT+8, ``request_id``. Every 7th API is asked again with
``simplify=True`` (plain arrays, no wrapper).

    python catalogue_mock.py plan --specs specs --apis NAMES --out plan.json
    python catalogue_mock.py run --plan plan.json --package OUT/python/taobao_top/src --url URL

``plan`` writes the APIs' types and sample values as JSON (the TypeScript runner reads the same
file); ``run`` prints ``APIs, requests, problems, time`` and exits 1 on any problem, naming the API
and the field. tests/catalogue-mock.sh drives both languages against one mock."""

from __future__ import annotations

import argparse
import fnmatch
import importlib
import json
import re
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

GMT8 = timezone(timedelta(hours=8))
TOP_APP_KEY, TOP_SECRET, SESSION = "12129701", "test-secret-0123", "test-session"
#: A PNG signature and a little padding: the mock checks files by their first bytes.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(56)
#: An unbounded int64 parameter is sent as an 18-digit id (beyond 2^53).
SAMPLE_ID = "204051953089156587"
SAMPLE_DATE = "2025-09-15 13:40:23"
SIMPLIFY_EVERY = 7

Json = Any
Field = Dict[str, Json]


class Yaml12Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML 1.2 scalars, as topgen reads specs: `no`, `y`, `off` are strings, not booleans, and
    timestamps stay text (the catalogue has fields named `no` and `y`). libyaml's parser when
    PyYAML has it (the whole catalogue in seconds rather than minutes); the resolvers below apply
    either way."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


# --- plan: the selected APIs' types and sample values, from the spec files alone -------------


def spec_files(specs: Path, selection: str) -> List[Path]:
    """The TOP spec file of every selected API: a curated spec (``top/apis``) replaces the imported
    one of the same name, as topgen does; globs as ``--apis`` takes them."""
    by_name: Dict[str, Path] = {
        p.stem: p for p in sorted((specs / "top" / "catalogue").glob("*/*.yaml"))
    }
    by_name.update({p.stem: p for p in sorted((specs / "top" / "apis").glob("*.yaml"))})
    patterns = [p.strip() for p in selection.split(",") if p.strip()]
    chosen = sorted(
        n for n in by_name if any(fnmatch.fnmatchcase(n, p) for p in patterns)
    )
    return [by_name[n] for n in chosen]


def item_type(ty: str) -> Optional[str]:
    return (
        ty[len("list<") : -1] if ty.startswith("list<") and ty.endswith(">") else None
    )


def sample(ty: str, field: Field, api: Dict[str, Json], depth: int = 0) -> Json:
    """A value of ``ty`` that the field's constraints accept, in the plan's neutral form: int64 as
    digit text, dates as GMT+8 text, files as ``None`` (each runner makes its own bytes)."""
    item = item_type(ty)
    if item is not None:
        count = max(1, min(int(field.get("max_items", 2)), 2))
        return [sample(item, {}, api, depth + 1) for _ in range(count)]
    if ty == "string":
        allowed = field.get("allowed")
        if allowed:
            return str(allowed[0])
        low, high = max(int(field.get("min_length", 1)), 1), field.get("max_length")
        length = low if high is None else min(low, int(high))
        return "样" * length
    if ty == "int64":
        if "min" not in field and "max" not in field:
            return SAMPLE_ID
        number = max(int(field.get("min", 1)), 1)
        return str(min(number, int(field["max"])) if "max" in field else number)
    if ty == "boolean":
        return True
    if ty == "date":
        return SAMPLE_DATE
    if ty == "decimal":
        return "1.50"
    if ty == "json":
        return {"k": "v"}
    if ty == "file":
        return None
    enums = {e["name"]: e for e in api.get("enums") or []}
    if ty in enums:
        return str(enums[ty]["values"][0]["value"])
    structs = {s["name"]: s for s in api.get("structs") or []}
    fields = structs[ty]["fields"] if ty in structs and depth < 16 else []
    return {
        f["name"]: sample(f["type"], f, api, depth + 1)
        for f in fields
        if f.get("required")
    }


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)  # noqa: S506


def canned(api: Dict[str, Json]) -> bool:
    """Whether the mock answers the API with a canned body (its spec's first response case that
    expects a value; cases files hold shape tests, not answers) rather than one built from the
    schema: such a body need not hold every declared field."""
    return any(
        "value" in (c.get("expect") or {}) for c in api.get("response_cases") or []
    )


def plan_of(path: Path) -> Dict[str, Json]:
    api = load(path)["api"]
    for f in api.get("params") or []:
        f.setdefault("type", "string")
    paging = api.get("paging") or {}
    # A paged API's total is the mock's listing size (5, docs/mock-gateway.md), not an id; its
    # first page is asked for (an id as page number would ask for a page past the end).
    total = paging.get("total")
    return {
        "name": str(api["name"]),
        "canned": canned(api),
        "params": [
            {
                "name": f["name"],
                "type": f["type"],
                "value": "1"
                if f["name"] == paging.get("page")
                else sample(f["type"], f, api),
            }
            for f in api.get("params") or []
        ],
        "response": [
            {
                "name": f["name"],
                "type": f.get("type", "string"),
                **bounds(f, f["name"] == total),
            }
            for f in (api.get("response") or {}).get("fields") or []
        ],
        "structs": {
            s["name"]: [
                {"name": f["name"], "type": f.get("type", "string"), **bounds(f)}
                for f in s.get("fields") or []
            ]
            for s in api.get("structs") or []
        },
        "enums": sorted(e["name"] for e in api.get("enums") or []),
    }


def bounds(field: Field, counted: bool = False) -> Field:
    """An int64 response field with bounds (or a count) may hold a short number; others are ids."""
    return {"bounded": counted or "min" in field or "max" in field}


# --- run: every API through the generated client ---------------------------------------------


class Recording:
    """The client's own transport, keeping the last raw body for the exact comparison."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.body = b""

    def send(
        self,
        prepared: Any,
        connect_timeout: float,
        timeout: float,
        max_response_bytes: int,
    ) -> Tuple[int, bytes]:
        status, body = self.inner.send(
            prepared, connect_timeout, timeout, max_response_bytes
        )
        self.body = body
        return status, body


class Runner:
    def __init__(self, package: Any, url: str) -> None:
        self.package = package
        self.schema = importlib.import_module(f"{package.__name__}._schema")
        self.clients = {}
        for simplify in (False, True):
            client = package.Client(
                url,
                TOP_APP_KEY,
                TOP_SECRET,
                sign_method="md5",
                timeout=30.0,
                simplify=simplify,
            )
            client.transport = Recording(client.transport)
            self.clients[simplify] = client
        self.requests = self.find_requests()
        #: Response values compared, at any depth.
        self.values = 0

    def find_requests(self) -> Dict[str, Any]:
        """API name → request class, from the package's lazy-export table (each module once)."""
        found: Dict[str, Any] = {}
        for module, names in self.package._MODULES.items():
            loaded = importlib.import_module(f"{self.package.__name__}.{module}")
            for name in names.split():
                cls = getattr(loaded, name)
                if name.endswith("Request") and hasattr(cls, "API"):
                    found[cls.API.name] = cls
        return found

    def params(self, cls: Any) -> Dict[str, Any]:
        """Wire name → the client's Param (attribute name and, for structs, the class)."""
        return {p.wire: p for p in self.schema.params_of(cls)}

    def native(
        self, api: Dict[str, Json], ty: str, value: Json, client_type: Any
    ) -> Any:
        """The plan's neutral value as the client takes it: int, aware datetime, FileInput, struct
        instances (``client_type``, the client's type of the same field, only locates classes
        and attribute names)."""
        item = item_type(ty)
        if item is not None:
            return [self.native(api, item, v, client_type.item) for v in value]
        if ty == "int64":
            return int(value)
        if ty == "date":
            return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=GMT8)
        if ty == "file":
            return self.package.FileInput(PNG, "sample.png")
        if ty not in api["structs"]:
            return value
        cls = client_type.struct
        table = self.params(cls)
        types = {f["name"]: f["type"] for f in api["structs"][ty]}
        obj = cls()
        for wire, v in value.items():
            setattr(
                obj,
                table[wire].attr,
                self.native(api, types[wire], v, table[wire].type),
            )
        return obj

    def call(self, api: Dict[str, Json], simplify: bool) -> List[str]:
        cls = self.requests.get(api["name"])
        if cls is None:
            return [f"{api['name']}: no request class in the package"]
        fields = self.params(cls)
        request = cls()
        for p in api["params"]:
            param = fields[p["name"]]
            setattr(
                request, param.attr, self.native(api, p["type"], p["value"], param.type)
            )
        client = self.clients[simplify]
        where = f"{api['name']} (simplify={str(simplify).lower()})"
        try:
            response = client.execute(request, SESSION)
        except (
            Exception
        ) as e:  # every failure is a problem to report, not a crash of the run
            return [f"{where}: {type(e).__name__}: {e}"]
        raw = json.loads(client.transport.body)
        # TOP's envelope: one `<name>_response` member (simplify drops it).
        payload = (
            raw if simplify else next(iter(raw.values())) if len(raw) == 1 else None
        )
        if not isinstance(payload, dict):
            return [f"{where}: no response object in the answer"]
        problems: List[str] = []
        if not isinstance(
            response.request_id, str
        ) or response.request_id != payload.get("request_id"):
            problems.append(
                f"{where}.request_id: {response.request_id!r}, sent {payload.get('request_id')!r}"
            )
        checker = Checker(api, not simplify, self, problems)
        checker.fields(api["response"], response, payload, where)
        return problems


def day_or_date(raw: Json, canned: bool) -> Json:
    """A canned body may give a date alone (``yyyy-MM-dd``): midnight at GMT+8, as the contract says."""
    return (
        f"{raw} 00:00:00" if canned and isinstance(raw, str) and len(raw) == 10 else raw
    )


class Checker:
    """Compares the typed answer with the raw body, field by field, by the spec's types."""

    def __init__(
        self, api: Dict[str, Json], wrapped: bool, runner: Runner, problems: List[str]
    ) -> None:
        self.structs: Dict[str, List[Field]] = api["structs"]
        self.enums = set(api["enums"])
        self.wrapped = wrapped
        #: A canned body (a conformance case) may leave fields out; a built one holds them all.
        self.canned: bool = api["canned"]
        self.runner = runner
        self.problems = problems

    def fields(
        self, fields: List[Field], typed: Any, raw: Dict[str, Json], path: str
    ) -> None:
        table = self.runner.params(type(typed))
        for f in fields:
            at = f"{path}.{f['name']}"
            if f["name"] not in raw:
                if not self.canned:
                    self.problems.append(f"{at}: missing from the answer")
            elif f["name"] not in table:
                self.problems.append(f"{at}: not a field of {type(typed).__name__}")
            else:
                self.value(
                    f["type"],
                    f,
                    getattr(typed, table[f["name"]].attr),
                    raw[f["name"]],
                    at,
                )

    def value(self, ty: str, field: Field, typed: Any, raw: Json, at: str) -> None:
        self.runner.values += 1

        def fail(what: str) -> None:
            self.problems.append(f"{at}: {what}, got {typed!r} for {raw!r}")

        item = item_type(ty)
        if item is not None:
            items = raw
            if self.wrapped:
                if not (isinstance(raw, dict) and len(raw) == 1):
                    return fail("a list wrapped in a one-member object")
                items = next(iter(raw.values()))
            if (
                not isinstance(items, list)
                or not isinstance(typed, list)
                or len(typed) != len(items)
            ):
                return fail("a typed list of the answer's items")
            for i, (t, r) in enumerate(zip(typed, items)):
                self.value(item, {"bounded": False}, t, r, f"{at}[{i}]")
        elif ty in ("string", "decimal"):
            if not (type(typed) is str and typed == raw):
                fail("the same text")
        elif ty == "int64":
            # A canned body may write an id as digit text, or a small number.
            sent = (
                int(raw)
                if self.canned and isinstance(raw, str) and raw.isdigit()
                else raw
            )
            if not (type(typed) is int and type(sent) is int and typed == sent):
                fail("the same exact int")
            elif (
                not (field.get("bounded") or self.canned) and len(str(abs(typed))) != 18
            ):
                fail("an 18-digit id")
        elif ty == "boolean":
            if not (type(typed) is bool and typed == raw):
                fail("the same bool")
        elif ty == "date":
            if not (
                isinstance(typed, datetime) and typed.utcoffset() == timedelta(hours=8)
            ):
                fail("an aware datetime at GMT+8")
            elif typed.strftime("%Y-%m-%d %H:%M:%S") != day_or_date(raw, self.canned):
                fail("the same instant")
        elif ty == "json":
            if typed != raw:
                fail("the same JSON value")
        elif ty in self.enums:
            if getattr(typed, "value", typed) != raw:
                fail("the same enum value")
        elif ty in self.structs:
            if not isinstance(raw, dict):
                fail("an object")
            elif raw:  # the mock leaves a recursive or very deep struct as {}
                if typed is None or isinstance(typed, dict):
                    return fail(f"a {ty}")
                self.fields(self.structs[ty], typed, raw, at)
        else:
            fail(f"a value of the unknown type {ty}")


def run(plan: List[Dict[str, Json]], package_dir: Path, url: str) -> int:
    sys.path.insert(0, str(package_dir))
    started = time.monotonic()
    package = importlib.import_module("taobao_top")
    runner = Runner(package, url)
    requests, problems = 0, []
    for i, api in enumerate(plan):
        for simplify in (False, True) if i % SIMPLIFY_EVERY == 0 else (False,):
            requests += 1
            problems.extend(runner.call(api, simplify))
    elapsed = time.monotonic() - started
    print(
        f"python catalogue mock: {len(plan)} APIs, {requests} requests, {runner.values} response values"
        f" checked, {len(problems)} problems, {elapsed:.1f} s",
        flush=True,
    )
    for problem in problems[:20]:
        print(f"  {problem}")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("plan")
    p.add_argument("--specs", type=Path, required=True)
    p.add_argument("--apis", required=True)
    p.add_argument("--out", type=Path, required=True)
    r = sub.add_parser("run")
    r.add_argument("--plan", type=Path, required=True)
    r.add_argument("--package", type=Path, required=True)
    r.add_argument("--url", required=True)
    args = parser.parse_args()
    if args.command == "plan":
        plan = [plan_of(path) for path in spec_files(args.specs, args.apis)]
        args.out.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        canned_count = sum(1 for api in plan if api["canned"])
        print(
            f"catalogue mock plan: {len(plan)} TOP APIs ({canned_count} answered from their response cases)",
            flush=True,
        )
        return 0
    return run(
        json.loads(args.plan.read_text(encoding="utf-8")), args.package, args.url
    )


if __name__ == "__main__":
    sys.exit(main())
