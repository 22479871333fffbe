// Scenario 9: every code block of each generated package's README runs as written, against the
// mock. The install block runs verbatim from a scratch project outside the repo, next to a scratch
// "checkout" holding the generated folder (npm offline: the packages have no dependencies); the configure block is run in front of each example; the examples read the endpoint,
// key, secret and session from the environment (GATEWAY_URL, APP_KEY, APP_SECRET, SESSION), which
// the test binds to the mock. Examples are type-checked with tsc --strict, then run with node.
// A block the test cannot place fails the test: no example is skipped.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { codeBlocks } from "./support/readme.js";
import { H7B_APP, LOOPBACK_ENV, Mock, type MockRecord, TOP_APP } from "./support/mock.js";

const SCRATCH = process.env["E2E_SCRATCH"] ?? assert.fail("E2E_SCRATCH is not set: run tests/e2e/typescript/run.sh");
const TOOLS = process.env["E2E_TOOLS"] ?? assert.fail("E2E_TOOLS is not set: run tests/e2e/typescript/run.sh");
const GENERATED = join(SCRATCH, "gen", "typescript");

/** How each generated package meets the mock. */
const TARGETS: Record<string, { app: { appKey: string; secret: string }; url: (m: Mock) => string; session: string }> = {
  "taobao-top": { app: TOP_APP, url: (m) => m.topUrl, session: "f16605bb-1818-41b0-b421-a8559ca990c4" },
  "h7b-taobao": { app: H7B_APP, url: (m) => m.h7bUrl, session: "测试店铺" },
};

let mock: Mock;
const packages = readdirSync(GENERATED).sort();

before(async () => {
  mock = await Mock.start();
});
after(async () => {
  await mock?.stop();
});

interface Run {
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((ok, fail) => {
    execFile(file, args, { cwd, env: { ...process.env, ...LOOPBACK_ENV, ...env }, timeout: 90_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`${file} ${args.join(" ")} failed (${error.message})\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
      else ok({ stdout, stderr });
    });
  });
}

/** The README sections of issue 13, in README order (H7B has only rate limits and sign debugging). */
const ISSUE_13 = ["Batch calls", "Pages", "Rate limits", "Sign debugging", "OAuth"];

/**
 * What an issue-13 example sent and printed: a batch of two calls (each its own record, code 0);
 * a call the mock throttles with a 1 s ban, waited out and served; a call signed with a wrong
 * secret, refused (TOP: code 25, the masked string printed); a code exchanged at the mock's /token.
 */
function checkIssue13(heading: string, where: string, records: MockRecord[], out: Run, session: string): void {
  assert.equal(out.stderr, "", where);
  assert.ok(!out.stdout.includes(session) || session === "", `${where}: the session is never printed`);
  switch (heading) {
    case "Batch calls":
      assert.deepEqual(records.map((r) => r.batch_index), [0, 1], where);
      assert.ok(records.every((r) => r.code === 0 && r.sign_valid === true), `${where}: ${JSON.stringify(records)}`);
      assert.match(out.stdout, /request_id/, where);
      break;
    case "Pages":
      {
        // To the natural end, twice (pages, then items): page 1 (no page_no), 2, … up to the page
        // the mock's answer marks as the last; the example has no cap.
        const pages = records.map((r) => r.params["page_no"]);
        const once = [undefined, ...Array.from({ length: pages.length / 2 - 1 }, (_, i) => String(i + 2))];
        assert.ok(pages.length >= 4, `${where}: ${JSON.stringify(pages)}`);
        assert.deepEqual(pages, [...once, ...once], where);
      }
      assert.ok(records.every((r) => r.api === "taobao.trades.sold.get" && r.code === 0 && r.sign_valid === true), where);
      break;
    case "Rate limits":
      assert.deepEqual(records.map((r) => r.code), [7, 0], `${where}: throttled, then served`);
      assert.match(out.stdout, /request_id/, where);
      break;
    case "Sign debugging":
      assert.equal(records.length, 1, where);
      assert.equal(records[0]!.sign_valid, false, where);
      if (records[0]!.code === 25) assert.match(out.stdout, /stringToSign: .*\*\*\*/, `${where} printed what was signed:\n${out.stdout}`);
      break;
    case "OAuth":
      assert.equal(records.length, 1, where);
      assert.equal(records[0]!.gateway, "oauth", where);
      assert.match(out.stdout, /22066556789012345 tb测试店铺 86400/, where);
      break;
  }
}

/** The mock's records that arrived since `seen` were taken. */
async function newRecords(seen: number): Promise<MockRecord[]> {
  return (await mock.requests()).slice(seen);
}

for (const folder of packages) {
  test(`9. every README example of ${folder} runs against the mock`, { timeout: 240_000 }, async () => {
    const target = TARGETS[folder] ?? assert.fail(`no mock settings for the generated package ${folder}: add it to TARGETS`);
    const blocks = codeBlocks(readFileSync(join(GENERATED, folder, "README.md"), "utf8"));
    // The README installs from ../topgen/generated/typescript/<folder>: a scratch checkout.
    const app = join(SCRATCH, "readme", folder, "project");
    mkdirSync(app, { recursive: true });
    cpSync(join(GENERATED, folder), join(SCRATCH, "readme", folder, "topgen", "generated", "typescript", folder), { recursive: true });
    writeFileSync(join(app, "package.json"), '{ "name": "readme-app", "private": true, "type": "module" }\n');
    const npmEnv = {
      npm_config_offline: "true",
      npm_config_cache: join(SCRATCH, "npm-cache"),
      npm_config_userconfig: join(SCRATCH, "npmrc-empty"),
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
      npm_config_loglevel: "error",
    };
    writeFileSync(npmEnv.npm_config_userconfig, "");

    // Place every block: install (sh), configure (builds the client), examples, error handling.
    const install = blocks.filter((b) => b.lang === "sh");
    const configure = blocks.filter((b) => b.lang === "ts" && b.heading === "Configure");
    const examples = blocks.filter((b) => b.lang === "ts" && b.heading !== "Configure");
    const placed = install.length + configure.length + examples.length;
    assert.equal(placed, blocks.length, `blocks in a language the test cannot run: ${blocks.filter((b) => b.lang !== "sh" && b.lang !== "ts").map((b) => `line ${b.line} (${b.lang || "no language"})`).join(", ")}`);
    assert.equal(install.length, 1, "one install block");
    assert.equal(configure.length, 1, "one configure block");

    // 1. Install, verbatim.
    await run("bash", ["-euo", "pipefail", "-c", install[0]!.code], app, npmEnv);
    const installed = JSON.parse(readFileSync(join(app, "node_modules", "@topgen", folder, "package.json"), "utf8")) as { name: string };
    assert.equal(installed.name, JSON.parse(readFileSync(join(GENERATED, folder, "package.json"), "utf8")).name);

    // 2. Each example after the configure block, type-checked together.
    const files = examples.map((b, i) => {
      const file = `example-${String(i + 1).padStart(2, "0")}.ts`;
      writeFileSync(join(app, file), `// README.md line ${b.line} (${b.heading})\n${configure[0]!.code}\n${b.code}`);
      return file;
    });
    await run(join(TOOLS, ".bin", "tsc"), [
      "--strict", "--noUncheckedIndexedAccess", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022",
      "--types", "node", "--typeRoots", join(TOOLS, "@types"), ...files,
    ], app);

    // 3. Run each against the mock.
    const env = { GATEWAY_URL: target.url(mock), APP_KEY: target.app.appKey, APP_SECRET: target.app.secret, SESSION: target.session, OAUTH_URL: mock.url };
    const extras = examples.filter((b) => ISSUE_13.includes(b.heading)).map((b) => b.heading);
    assert.deepEqual(extras, folder === "taobao-top" ? ISSUE_13 : ["Rate limits", "Sign debugging"], "the issue-13 sections");
    for (const [i, block] of examples.entries()) {
      const script = files[i]!.replace(/\.ts$/, ".js");
      const where = `README.md line ${block.line} (${block.heading})`;
      const api = /^`([^`]+)`/.exec(block.heading)?.[1];
      const seen = (await mock.requests()).length;
      if (block.heading === "Rate limits") await mock.fault({ mode: "throttle", count: 1, seconds: 1 });
      const out = await run(process.execPath, [script], app, env);
      const records = await newRecords(seen);
      if (ISSUE_13.includes(block.heading)) {
        checkIssue13(block.heading, where, records, out, target.session);
        continue;
      }
      assert.equal(records.length, 1, `${where}: one request reached the mock`);
      const record = records[0]!;
      if (api !== undefined) assert.equal(record.api, api, where);
      assert.equal(record.sign_valid, true, where);
      assert.equal(record.code, 0, `${where}: ${record.msg} ${record.sub_msg}`);
      assert.match(out.stdout, /request_id/, `${where} printed the typed answer:\n${out.stdout}`);
      assert.equal(out.stderr, "", where);

      if (block.heading === "Errors") {
        // The same example with a wrong secret takes the GatewayError branch.
        const wrong = "a-wrong-secret-never-printed";
        const failed = await run(process.execPath, [script], app, { ...env, APP_SECRET: wrong });
        assert.match(failed.stderr, /^25 Invalid signature/m, `${where} with a wrong secret:\n${failed.stderr}`);
        assert.ok(!`${failed.stdout}${failed.stderr}`.includes(wrong), "the secret is never printed");
        const [refused] = await newRecords(seen + 1);
        assert.equal(refused?.code, 25, where);
      }
    }
    assert.ok(examples.some((b) => b.heading === "Errors"), "the error-handling example ran");
  });
}
