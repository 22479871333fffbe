"""A README line is a test: every fenced block of the project README.md is either run here, from a
scratch clone outside the repo, exactly as written, or named as run by another stage (which must
contain the exact same line). Synopsis and output blocks are fenced `text` and are not commands.

Run by tests/readme/run.sh (the `readme` stage of tests/run-all.sh). Python 3 stdlib only.

The Rust example reads its credentials from the environment (TOP_APP_KEY, TOP_APP_SECRET,
TOP_SESSION, TOP_URL), set to the mock's. Visible preamble for the Python example (nothing else is added to it): `url`, `appkey`, `secret`
and `session_key` are bound to the mock (`topgen serve-mock`) and its published test pair, and a
small PNG is written to `proof.png` in the working folder."""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOPGEN = REPO / "target/debug/topgen"
TOP_APP_KEY, TOP_SECRET, SESSION = "12129701", "test-secret-0123", "test-session"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a0a2cb7a0000000049454e44ae426082")

# Lines run by another stage: the file that runs them, and what that file must contain.
ELSEWHERE = {
    "bash tests/run-all.sh": (".ci/run", "tests/run-all.sh"),  # what CI runs
    "bash tests/run-random-specs.sh": ("tests/run-all.sh", "bash tests/run-random-specs.sh"),
    "bash benches/typescript/run.sh": ("tests/run-typescript.sh", "benches/typescript/run.sh"),  # fast sample
    # The export line and the `topgen call` lines after it, read from README.md and run against the mock.
    "export TOP_APP_KEY=12129701 TOP_APP_SECRET=test-secret-0123": ("tests/cli_call.rs", 'starts_with("export TOP_APP_KEY")'),
}
# Long runs with no sample in CI yet: only checked to parse (`bash -n`), and reported.
LONG_RUNS = {"bash benches/python/run.sh"}
# Blocks run by another stage as a whole: (language, first line) → the test that runs them.
BLOCKS_ELSEWHERE = {
    ("ts", "// npm install ./generated/typescript/taobao-top"): "tests/e2e/typescript/project_readme.test.ts",
    ("toml", "[package]"): "tests/rust-scratch.sh",  # the build.rs section, file by file
    ("rust", "// One self-contained module file per gateway in OUT_DIR."): "tests/rust-scratch.sh",
    ("rust", "//! My shop's TOP client, generated at build time."): "tests/rust-scratch.sh",
}
# Blocks no test runs yet: reported on every run as NOT RUN (a known gap, not a silent one).
NOT_RUN: set[tuple[str, str]] = set()


def fenced_blocks(text: str) -> list[tuple[str, str, int]]:
    """(language, body, line number) of every fenced block."""
    blocks, pattern = [], re.compile(r"^```([^\n`]*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
    for m in pattern.finditer(text):
        blocks.append((m.group(1).strip(), m.group(2), text.count("\n", 0, m.start()) + 1))
    return blocks


def command_lines(body: str) -> list[str]:
    """Commands of a shell block: each line without its trailing `# comment`."""
    lines = []
    for line in body.splitlines():
        command = re.sub(r"\s+#\s.*$", "", line).strip()
        if command and not command.startswith("#"):
            lines.append(command)
    return lines


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600) -> str:
    done = subprocess.run(args, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True,
                          text=True, timeout=timeout)
    if done.returncode != 0:
        sys.exit(f"readme: `{' '.join(args)}` in {cwd} failed ({done.returncode})\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Mock:
    def __init__(self, specs: Path) -> None:
        self.proc = subprocess.Popen([str(TOPGEN), "serve-mock", "--specs", str(specs), "--addr", "127.0.0.1:0"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        m = re.search(r"listening on (http://\S+)", line)
        if not m:
            self.proc.kill()
            sys.exit(f"readme: the mock did not start: {line!r}")
        self.url = m.group(1)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)


def main() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = fenced_blocks(readme)
    first = command_lines(blocks[0][1]) if blocks else []
    if first[:2] != ["cargo run -- generate", "bash tests/run-all.sh"]:
        sys.exit(f"readme: the README must open with `cargo run -- generate` and `bash tests/run-all.sh`, got {first[:2]}")

    with tempfile.TemporaryDirectory(prefix="topgen-readme-") as tmp:
        clone = Path(tmp) / "topgen"
        run(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(clone)], Path(tmp))
        # The clone is HEAD; copy the working tree's README and tracked changes so an edit is tested before it is committed.
        diff = subprocess.run(["git", "diff", "HEAD", "--binary"], cwd=REPO, capture_output=True).stdout
        if diff:
            subprocess.run(["git", "apply", "--allow-empty", "-"], cwd=clone, input=diff, check=True)
        checked = 0
        pick = readme.find("\n## Pick your APIs from the whole catalogue\n")
        pick_end = readme.find("\n## ", pick + 1)
        for lang, body, line in blocks:
            offset = sum(len(l) + 1 for l in readme.split("\n")[: line - 1])
            if pick >= 0 and pick < offset < pick_end:
                checked += 1  # the section's blocks, run as written by tests/readme-pick-apis.sh
                continue
            where = f"README.md:{line} ({lang or 'no language'})"
            if lang == "text":
                continue
            head = body.splitlines()[0] if body.strip() else ""
            if (lang, head) in NOT_RUN:
                print(f"readme: NOT RUN: {where}: {head}")
                continue
            runners = [r for (l, h), r in BLOCKS_ELSEWHERE.items() if l == lang and head.startswith(h)]
            if runners:
                runner = REPO / runners[0]
                if not runner.exists():
                    sys.exit(f"readme: {where} is said to be run by {runner.relative_to(REPO)}, which does not exist")
                checked += 1
                continue
            if lang == "sh":
                for command in command_lines(body):
                    checked += 1
                    if command == "cargo run -- generate":
                        # As a new user would, in the clone; generated/ must come out as checked in.
                        run(["sh", "-c", command], clone, {"CARGO_TARGET_DIR": str(REPO / "target")})
                        status = run(["git", "status", "--porcelain", "--", "generated"], clone)
                        if status.strip():
                            sys.exit(f"readme: `{command}` changed generated/:\n{status}")
                    elif command.startswith("topgen call "):
                        continue  # the lines after the export: run by tests/cli_call.rs, checked below
                    elif command in LONG_RUNS:
                        run(["bash", "-n", command.split()[-1]], clone)
                        print(f"readme: long run, syntax checked only: {command}")
                    elif command in ELSEWHERE:
                        file, marker = ELSEWHERE[command]
                        if marker not in (REPO / file).read_text(encoding="utf-8"):
                            sys.exit(f"readme: {where}: `{command}` is not run by {file}")
                    else:
                        sys.exit(f"readme: {where}: no test runs `{command}`; run it here or name its stage")
            elif lang == "rust" and body.startswith("// Cargo.toml "):
                checked += 1
                rust_example(body, clone, where)
            elif lang == "python":
                checked += 1
                python_example(body, clone, where)
            else:
                sys.exit(f"readme: {where}: a block this harness does not know; fence synopses and output as `text`")
        print(f"readme: {checked} README blocks/commands checked, {len(blocks)} blocks")


def python_example(body: str, clone: Path, where: str) -> None:
    install = [l[2:].strip() for l in body.splitlines() if l.startswith("# pip install ")]
    if len(install) != 1:
        sys.exit(f"readme: {where}: the Python example must start with its `# pip install …` line")
    work = clone.parent / "py-user"
    work.mkdir()
    run([sys.executable, "-m", "venv", str(work / "venv")], work)
    venv_bin = work / "venv/bin"
    # The install line exactly as written, from the checkout (its paths are relative to it).
    run(["sh", "-c", install[0]], clone, {"PATH": f"{venv_bin}:{os.environ['PATH']}", "VIRTUAL_ENV": str(work / "venv")})
    (work / "proof.png").write_bytes(PNG)
    mock = Mock(clone / "specs")
    try:
        preamble = (f"url = {mock.url + '/router/rest'!r}\nappkey = {TOP_APP_KEY!r}\n"
                    f"secret = {TOP_SECRET!r}\nsession_key = {SESSION!r}\n")
        (work / "example.py").write_text(preamble + body, encoding="utf-8")
        out = run([str(venv_bin / "python"), "example.py"], work)
    finally:
        mock.stop()
    if not out.startswith("True "):
        sys.exit(f"readme: {where}: the example should print `True <request_id>`, printed {out!r}")


def rust_example(body: str, clone: Path, where: str) -> None:
    """The program as written, compiled with rustc against the workspace's build of the package its
    dependency line names (a fresh cargo project would re-resolve and compile every dependency,
    minutes on CI), then run from a scratch folder against the mock with the environment it reads
    (TOP_APP_KEY, TOP_APP_SECRET, TOP_SESSION, TOP_URL) and a proof.png."""
    dependency = body.splitlines()[0]
    app = clone.parent / "rs-user"  # the user's project, next to the checkout (named topgen)
    written = re.fullmatch(r'// Cargo\.toml \(topgen checked out next to your project\): taobao-top = \{ path = "([^"]+)" \}', dependency)
    if not written or not (app / written[1] / "Cargo.toml").resolve().is_file() or \
            (app / written[1]).resolve() != (clone / "generated/rust/taobao-top").resolve():
        sys.exit(f"readme: {where}: the Rust example must start with a taobao-top dependency line whose path, "
                 f"read from a project next to the checkout, is the checkout's generated/rust/taobao-top; got {dependency!r}")
    built = run(["cargo", "build", "--locked", "--quiet", "-p", "taobao-top", "--message-format=json"], REPO)
    rlibs = [f for line in built.splitlines() if '"taobao_top"' in line
             for f in __import__("json").loads(line).get("filenames", []) if f.endswith(".rlib")]
    if not rlibs:
        sys.exit("readme: cargo build -p taobao-top gave no rlib")
    app.mkdir()
    (app / "main.rs").write_text(body, encoding="utf-8")
    (app / "proof.png").write_bytes(PNG)
    run(["rustc", "--edition", "2024", "-L", str(REPO / "target/debug/deps"), "--extern", f"taobao_top={rlibs[-1]}",
         "main.rs", "-o", "example"], app)
    mock = Mock(clone / "specs")
    try:
        out = run([str(app / "example")], app, {"TOP_APP_KEY": TOP_APP_KEY, "TOP_APP_SECRET": TOP_SECRET,
                                               "TOP_SESSION": SESSION, "TOP_URL": mock.url + "/router/rest"})
    finally:
        mock.stop()
    if not out.startswith("Some(true) "):
        sys.exit(f"readme: {where}: the example should print `Some(true) Some(<request_id>)`, printed {out!r}")

if __name__ == "__main__":
    main()
