// The mock gateway for one test file: `topgen serve-mock` on a free loopback port, spawned from
// the repository root, its URL read from the first stdout line, stopped by closing its stdin.
// Every wait is bounded.

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { after, before, beforeEach } from "node:test";

/** The repository root (run.sh exports it; tests run from a scratch copy). */
export const REPO = resolve(process.env["E2E_REPO"] ?? ".");

/** The public dev pairs the mock accepts by default (docs/mock-gateway.md, "Credentials"). */
// `proxy: ""`: the mock is on loopback, never behind a proxy a developer's environment names.
export const TOP_APP = { appKey: "12129701", secret: "test-secret-0123", proxy: "" } as const;
export const H7B_APP = { appKey: "uwkahf@jfs92", secret: "demoSecret123", proxy: "" } as const;
/** For README examples run as written in a child process: loopback bypasses any proxy. */
export const LOOPBACK_ENV = { no_proxy: "127.0.0.1,localhost", NO_PROXY: "127.0.0.1,localhost" } as const;

/** One request as the mock recorded it (`GET /__mock/requests`). */
export interface MockRecord {
  readonly seq: number;
  readonly gateway: string | null;
  readonly api: string | null;
  readonly path: string;
  readonly content_type: string | null;
  /** Text parameters; the session parameter as `***`. */
  readonly params: Readonly<Record<string, string>>;
  /** SHA-256 (hex) of the session value, when one was sent. */
  readonly session_sha256: string | null;
  readonly files: readonly { name: string; filename: string | null; content_type: string | null; size: number; sha256: string }[];
  readonly sign_valid: boolean | null;
  readonly code: number;
  readonly msg: string | null;
  readonly sub_code: string | null;
  readonly sub_msg: string | null;
  readonly fault: unknown;
  /** The call's position in a batch (`/router/batch`), else absent or null. */
  readonly batch_index?: number | null;
}

const START_MS = 10_000;
const STOP_MS = 5_000;
const CONTROL_MS = 5_000;

export class Mock {
  private constructor(private readonly child: ChildProcess, readonly url: string) {}

  /** TOP's endpoint on this mock. */
  get topUrl(): string {
    return `${this.url}/router/rest`;
  }

  /** H7B's base URL on this mock (the client appends each API's path). */
  get h7bUrl(): string {
    return this.url;
  }

  static async start(): Promise<Mock> {
    const bin = join(REPO, "target", "debug", process.platform === "win32" ? "topgen.exe" : "topgen");
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`cargo build --bin topgen\` first`);
    const child = spawn(bin, ["serve-mock", "--addr", "127.0.0.1:0", "--stop-on-stdin-eof", "--quiet"], {
      cwd: REPO,
      stdio: ["pipe", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout! });
    try {
      const first = await new Promise<string>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`the mock printed no URL within ${START_MS} ms`)), START_MS);
        lines.once("line", (line) => (clearTimeout(timer), ok(line)));
        child.once("exit", (code) => (clearTimeout(timer), fail(new Error(`the mock exited (${code}) before printing its URL`))));
        child.once("error", (e) => (clearTimeout(timer), fail(e)));
      });
      const match = /^topgen mock listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first);
      if (match === null) throw new Error(`unexpected first line from the mock: ${JSON.stringify(first)}`);
      lines.on("line", () => {}); // keep draining the banner
      return new Mock(child, match[1]!);
    } catch (e) {
      child.kill("SIGKILL");
      throw e;
    }
  }

  /** Closes the mock's stdin (it stops on EOF); kills it if it has not exited in time. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((ok) => this.child.once("exit", () => ok()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), STOP_MS);
    await exited;
    clearTimeout(timer);
  }

  async control(method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}/__mock/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CONTROL_MS),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /__mock/${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as unknown;
  }

  /** Clears faults, the request log and run-time responses. */
  async reset(): Promise<void> {
    await this.control("POST", "reset");
  }

  async fault(fault: Record<string, unknown>): Promise<void> {
    await this.control("POST", "faults", fault);
  }

  /** Replaces an API's canned success body until the next reset. */
  async respond(api: string, body: string): Promise<void> {
    await this.control("POST", "responses", { api, body });
  }

  async requests(): Promise<MockRecord[]> {
    const answer = (await this.control("GET", "requests")) as { requests: MockRecord[] };
    return answer.requests;
  }
}

/**
 * One mock for the calling test file: started before its tests, reset before each, stopped
 * after. Returns an accessor, since the mock exists only once the `before` hook has run.
 */
export function useMock(): () => Mock {
  let started: Mock | undefined;
  const current = (): Mock => {
    if (started === undefined) throw new Error("the mock is used before it started");
    return started;
  };
  before(async () => {
    started = await Mock.start();
  });
  after(async () => {
    await started?.stop();
  });
  beforeEach(async () => {
    await current().reset();
  });
  return current;
}
