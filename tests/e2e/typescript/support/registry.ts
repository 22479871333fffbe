// A tiny npm registry on 127.0.0.1 serving packed tarballs, so a README's `npm install <name>`
// runs as written (only `npm_config_registry` points at it).

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

interface Package {
  readonly manifest: Record<string, unknown> & { name: string; version: string };
  readonly tarball: Buffer;
}

export class Registry {
  private constructor(private readonly server: Server, readonly url: string) {}

  /** Serves each `[package.json path, tarball path]` under its package name. */
  static async start(packages: readonly (readonly [manifestPath: string, tarballPath: string])[]): Promise<Registry> {
    const byName = new Map<string, Package>();
    for (const [manifestPath, tarballPath] of packages) {
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Package["manifest"];
      byName.set(manifest.name, { manifest, tarball: readFileSync(tarballPath) });
    }
    let base = "";
    const server = createServer((req, res) => {
      const path = decodeURIComponent((req.url ?? "/").split("?")[0]!.slice(1));
      const tarball = /^-\/tarball\/(.+)$/.exec(path);
      const pkg = byName.get(tarball === null ? path : tarball[1]!);
      if (pkg === undefined) {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      } else if (tarball !== null) {
        res.writeHead(200, { "content-type": "application/octet-stream" }).end(pkg.tarball);
      } else {
        const { name, version } = pkg.manifest;
        const dist = {
          tarball: `${base}/-/tarball/${encodeURIComponent(name)}`,
          shasum: createHash("sha1").update(pkg.tarball).digest("hex"),
          integrity: `sha512-${createHash("sha512").update(pkg.tarball).digest("base64")}`,
        };
        const packument = { name, "dist-tags": { latest: version }, versions: { [version]: { ...pkg.manifest, dist } } };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(packument));
      }
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new Registry(server, base);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }
}
