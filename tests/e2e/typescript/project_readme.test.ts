// The project README's TypeScript block (README.md, "Using a generated client") runs as written:
// its install comment is run verbatim from a scratch folder laid out like a checkout, outside the
// repo; the block is type-checked with tsc --strict and run against the mock, behind a preamble
// that binds only its free variables (appKey, secret, url, session) to the mock.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { codeBlocks } from "./support/readme.js";
import { LOOPBACK_ENV, Mock, TOP_APP } from "./support/mock.js";

const REPO = process.env["E2E_REPO"] ?? assert.fail("E2E_REPO is not set: run tests/e2e/typescript/run.sh");
const SCRATCH = process.env["E2E_SCRATCH"] ?? assert.fail("E2E_SCRATCH is not set: run tests/e2e/typescript/run.sh");
const TOOLS = process.env["E2E_TOOLS"] ?? assert.fail("E2E_TOOLS is not set: run tests/e2e/typescript/run.sh");

let mock: Mock;
before(async () => {
  mock = await Mock.start();
});
after(async () => {
  await mock?.stop();
});

function run(file: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    execFile(file, args, { cwd, env: { ...process.env, ...LOOPBACK_ENV, ...env }, timeout: 90_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`${file} ${args.join(" ")} failed (${error.message})\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
      else ok({ stdout, stderr });
    });
  });
}

test("the project README's TypeScript example installs and runs as written against the mock", { timeout: 240_000 }, async () => {
  const blocks = codeBlocks(readFileSync(join(REPO, "README.md"), "utf8")).filter((b) => b.lang === "ts");
  assert.equal(blocks.length, 1, "one TypeScript block in README.md");
  const block = blocks[0]!;
  const install = /^\/\/ (npm install \S+)/.exec(block.code)?.[1] ?? assert.fail("the block starts with its npm install line");

  // A scratch checkout: the generated folder where the README's relative path expects it.
  const checkout = join(SCRATCH, "project-readme");
  cpSync(join(SCRATCH, "gen", "typescript", "taobao-top"), join(checkout, "generated", "typescript", "taobao-top"), { recursive: true });
  writeFileSync(join(checkout, "package.json"), '{ "name": "readme-user", "private": true, "type": "module" }\n');
  writeFileSync(join(checkout, "npmrc-empty"), "");
  mkdirSync(join(checkout, "node_modules"), { recursive: true });
  await run("bash", ["-euo", "pipefail", "-c", install], checkout, {
    npm_config_offline: "true", npm_config_cache: join(SCRATCH, "npm-cache"), npm_config_userconfig: join(checkout, "npmrc-empty"),
    npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", npm_config_loglevel: "error",
  });

  const preamble = [
    'const appKey = process.env["APP_KEY"]!;',
    'const secret = process.env["APP_SECRET"]!;',
    'const url = process.env["GATEWAY_URL"]!;',
    'const session = process.env["SESSION"]!;',
  ].join("\n");
  // The block's imports go first (ES modules hoist them anyway); the preamble follows them.
  const lines = block.code.split("\n");
  const imports = lines.filter((l) => l.startsWith("import "));
  const rest = lines.filter((l) => !l.startsWith("import "));
  writeFileSync(join(checkout, "example.mts"), `${imports.join("\n")}\n${preamble}\n${rest.join("\n")}`);
  await run(join(TOOLS, ".bin", "tsc"), [
    "--strict", "--noUncheckedIndexedAccess", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022",
    "--types", "node", "--typeRoots", join(TOOLS, "@types"), "example.mts",
  ], checkout);

  const seen = (await mock.requests()).length;
  const out = await run(process.execPath, ["example.mjs"], checkout, {
    APP_KEY: TOP_APP.appKey, APP_SECRET: TOP_APP.secret, GATEWAY_URL: mock.topUrl, SESSION: "f16605bb-1818-41b0-b421-a8559ca990c4",
  });
  const records = (await mock.requests()).slice(seen);
  assert.equal(records.length, 1, "one request reached the mock");
  assert.equal(records[0]!.api, "taobao.refund.refuse");
  assert.equal(records[0]!.sign_valid, true);
  assert.equal(records[0]!.code, 0, `${records[0]!.msg} ${records[0]!.sub_msg}`);
  assert.match(out.stdout, /^true \S+\n$/, out.stdout);
  assert.equal(out.stderr, "");
});
