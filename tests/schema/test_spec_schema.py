"""docs/spec.schema.json agrees with the generator: every valid spec passes the schema, and the
bad-spec fixtures whose problem is structural (unknown or missing keys) fail it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "spec.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

VALID = sorted(
    [
        *ROOT.joinpath("specs").rglob("*.yaml"),
        *ROOT.joinpath("tests/fixtures/keywords").rglob("*.yaml"),
    ]
)


TIMESTAMP = "tag:yaml.org,2002:timestamp"
BOOL = "tag:yaml.org,2002:bool"


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML speaks YAML 1.1; topgen and editors read YAML 1.2, where `2025-09-15T13:40:23+08:00`
    is a plain string, not a timestamp, and `no`, `y`, `off` are strings, not booleans (the
    catalogue has fields named `no` and `y`)."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag not in (TIMESTAMP, BOOL)]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)  # noqa: S506


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", VALID, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_valid_spec_passes(path: Path) -> None:
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in VALIDATOR.iter_errors(load(path))
    ]
    assert errors == []


@pytest.mark.parametrize(
    ("case", "word"),
    [("unknown_key", "typ"), ("missing_key", "session"), ("many_errors", "uper")],
)
def test_structural_mistakes_fail(case: str, word: str) -> None:
    folder = ROOT / "tests" / "fixtures" / "bad-specs" / case
    messages = [
        e.message
        for path in sorted(folder.rglob("*.yaml"))
        for e in VALIDATOR.iter_errors(load(path))
    ]
    assert any(word in m for m in messages), messages
