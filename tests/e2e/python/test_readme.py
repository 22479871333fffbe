"""The generated READMEs run as written: the install commands go into a fresh venv, then every
python example — configure, one call per API, async, error handling — runs in that venv against
the mock. Only the configure block's four values are bound to the mock's (URL, app key, secret,
session); a README that stops defining them, or an example that fails, fails the test."""

from __future__ import annotations

import base64
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from mockgw import H7B_APP_KEY, H7B_SECRET, ROOT, TOP_APP_KEY, TOP_SECRET, MockGateway
from samples import SESSION, png, sha256

PACKAGES = ROOT / "generated" / "python"
INSTALL_TIMEOUT = 300.0
RUN_TIMEOUT = 60.0
CONFIG_NAMES = ("url", "appkey", "secret", "session_key")

#: Runs the examples in order in one namespace, as a reader pasting them would; each under its own
#: name so a traceback points at the README section.
DRIVER = """
import json, sys, urllib.request
ns = {"__name__": "__main__"}
for number, (title, code) in enumerate(json.load(open(sys.argv[1], encoding="utf-8")), 1):
    if title == "Rate limits":  # the mock throttles the next call, naming a 1 s ban
        fault = json.dumps({"mode": "throttle", "count": 1, "seconds": 1}).encode()
        control = urllib.request.Request(sys.argv[2], data=fault, headers={"Content-Type": "application/json"})
        urllib.request.urlopen(control, timeout=10).read()
    print(f"--- example {number}: {title}", flush=True)
    exec(compile(code, f"README example {number} ({title})", "exec"), ns)
print("--- every example ran", flush=True)
"""
#: The issue-13 sections after "Errors", in README order, per package.
EXTRAS = {
    "taobao_top": ["Batch calls", "Pages", "Rate limits", "Sign debugging", "OAuth"],
    "h7b_taobao": ["Rate limits", "Sign debugging"],
}

Block = Tuple[str, str, str]  # (section heading, language, code)


def fenced_blocks(readme: str) -> List[Block]:
    blocks: List[Block] = []
    heading = ""
    lines = iter(readme.splitlines())
    for line in lines:
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("```"):
            lang = line[3:].strip()
            body = []
            for inner in lines:
                if inner.startswith("```"):
                    break
                body.append(inner)
            blocks.append((heading, lang, "\n".join(body) + "\n"))
    return blocks


def bind_configuration(code: str, values: Dict[str, str]) -> str:
    """Replaces the configure block's `name = ...` lines with the mock's values."""
    for name in CONFIG_NAMES:
        pattern = re.compile(rf"^{name} = .*$", re.MULTILINE)
        found = len(pattern.findall(code))
        assert found == 1, f"the configure block must set `{name} = ...` once (found {found})"
        code = pattern.sub(lambda _: f"{name} = {values[name]!r}", code)
    return code


def bind_oauth(code: str, url: str) -> str:
    """Points the OAuth example's `oauth_url = ...` line at the mock's token endpoint."""
    pattern = re.compile(r"^oauth_url = .*$", re.MULTILINE)
    assert len(pattern.findall(code)) == 1, "the OAuth example must set `oauth_url = ...` once"
    return pattern.sub(lambda _: f"oauth_url = {url!r}", code)


def check_extras(package: str, records: List[Dict[str, object]], out: str) -> None:
    """What the issue-13 examples sent and printed: a batch of two (TOP), a throttled call waited
    out and served, pages of a list API (TOP), a call signed with a wrong secret refused with code 25 (its string printed,
    the session masked), a code exchanged for a token at the mock's /token (TOP)."""
    if package == "taobao_top":
        batch, records = records[:2], records[2:]
        assert [r["batch_index"] for r in batch] == [0, 1], batch
        assert all(r["sign_valid"] is True and r["code"] == 0 for r in batch), batch
        assert out.count("request_id=") >= 2, out
        # Pages: the listing to its natural end, twice (pages, then items): page 1 (no page_no),
        # 2, … up to the page the mock's answer marks as the last; the example has no cap.
        listing = [r for r in records if r["api"] == "taobao.trades.sold.get"]
        pages = [r["params"].get("page_no") for r in listing if isinstance(r["params"], dict)]
        once = [None] + [str(n) for n in range(2, len(pages) // 2 + 1)]
        assert len(pages) >= 4 and pages == once * 2, listing
        assert all(r["code"] == 0 and r["sign_valid"] is True for r in listing), [
            (r["code"], r["sign_valid"]) for r in listing
        ]
        records = records[len(listing) :]
    throttled, served, wrong = records[:3]
    assert throttled["fault"] == {"mode": "throttle"} or throttled["code"] == 7, throttled
    assert served["code"] == 0 and served["sign_valid"] is True, served
    assert wrong["sign_valid"] is False, wrong
    if package == "taobao_top":
        assert wrong["code"] == 25 and "session***" in out and SESSION not in out, out
        token = records[3]
        assert token["gateway"] == "oauth", token
        assert "22066556789012345" in out and "tb测试店铺" in out, out
    assert len(records) == (4 if package == "taobao_top" else 3), records


def gateway_values(package: str, mock: MockGateway) -> Dict[str, str]:
    if package == "taobao_top":
        return {"url": mock.top_url, "appkey": TOP_APP_KEY, "secret": TOP_SECRET, "session_key": SESSION}
    return {"url": mock.h7b_url, "appkey": H7B_APP_KEY, "secret": H7B_SECRET, "session_key": "测试店铺"}


def api_names(package: str) -> List[str]:
    """The APIs the package in generated/ holds: the gateway's curated specs and the imported
    ones (specs/<gateway>/catalogue/<package>/) that specs/default-apis.txt names."""
    gateway = {"taobao_top": "top", "h7b_taobao": "h7b"}[package]
    names = {p.name[: -len(".yaml")] for p in (ROOT / "specs" / gateway / "apis").glob("*.yaml")}
    default = ROOT / "specs" / "default-apis.txt"
    wanted = (
        [line.split("#")[0].strip() for line in default.read_text(encoding="utf-8").splitlines()]
        if default.exists()
        else []
    )
    names.update(n for n in wanted if n and any((ROOT / "specs" / gateway / "catalogue").glob(f"*/{n}.yaml")))
    return sorted(names)


def install(package: str, blocks: List[Block], venv: Path) -> None:
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=INSTALL_TIMEOUT)
    commands = [
        shlex.split(line, comments=True) for _, lang, code in blocks if lang == "sh" for line in code.splitlines()
    ]
    installs = [c for c in commands if c[:2] == ["pip", "install"]]
    assert installs == [["pip", "install", f"./{package}"], ["pip", "install", f"./{package}[async]"]]
    for command in installs:
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", *command[2:]],
            cwd=PACKAGES,
            check=True,
            timeout=INSTALL_TIMEOUT,
        )


@pytest.mark.parametrize("package", ["taobao_top", "h7b_taobao"])
def test_readme_installs_and_every_example_runs(mock: MockGateway, tmp_path: Path, package: str) -> None:
    blocks = fenced_blocks((PACKAGES / package / "README.md").read_text(encoding="utf-8"))
    install(package, blocks, tmp_path / "venv")

    examples = [(heading, code) for heading, lang, code in blocks if lang == "python"]
    examples[0] = (examples[0][0], bind_configuration(examples[0][1], gateway_values(package, mock)))
    examples = [(h, bind_oauth(code, mock.url) if h == "OAuth" else code) for h, code in examples]
    headings = [heading for heading, _ in examples]
    core = headings.index("Errors") + 1
    assert headings[core:] == EXTRAS[package], headings
    headings = headings[:core]
    apis = api_names(package)
    api_order = [h.split(" — ")[0] for h in headings[1:-2]]
    assert headings[0] == "Configure" and headings[-2:] == ["Async", "Errors"], headings
    assert sorted(api_order) == apis, "one example per API of the specs"

    work = tmp_path / "work"
    work.mkdir()
    proof = png(2048)
    (work / "proof.png").write_bytes(proof)  # the file the examples upload
    (work / "examples.json").write_text(json.dumps(examples, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [str(tmp_path / "venv" / "bin" / "python"), "-c", DRIVER, "examples.json", f"{mock.url}/__mock/faults"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    assert run.returncode == 0, f"a README example failed:\n{run.stdout}\n{run.stderr}"
    assert run.stdout.rstrip().endswith("--- every example ran")
    assert run.stdout.count("--- example ") == len(examples)

    # One request per API example (README order), then the async and the error-handling examples.
    records = mock.requests()
    core_records, extra_records = records[: len(api_order) + 2], records[len(api_order) + 2 :]
    assert [r["api"] for r in core_records] == api_order + [api_order[-1]] * 2
    assert all(r["sign_valid"] is True and r["code"] == 0 for r in core_records), core_records
    core_out = run.stdout.split(f"--- example {core + 1}:")[0]
    assert core_out.count("request_id=") == len(api_order) + 1  # printed by each API example and async
    check_extras(package, extra_records, run.stdout.split(f"--- example {core + 1}:")[1])
    assert gateway_values(package, mock)["secret"] not in run.stdout + run.stderr
    uploads = 0
    for record in records:  # multipart file parts (TOP) or base64 text fields (H7B): the bytes arrive intact
        uploads += len(record["files"])
        assert all(f["sha256"] == sha256(proof) for f in record["files"])
        if "refuse_proof" in record["params"]:
            uploads += 1
            assert sha256(base64.b64decode(record["params"]["refuse_proof"])) == sha256(proof)
    assert uploads >= 1, "an example uploads proof.png"
