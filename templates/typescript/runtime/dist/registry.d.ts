import type { ApiRegistry } from "./client.js";
import type { ApiDescriptor } from "./schema.js";
/** Makes `api` known by name to the clients of this package; returns it. */
export declare function registerApi<P, R>(
  api: ApiDescriptor<P, R>,
): ApiDescriptor<P, R>;
/**
 * The registry of a package: `modules` maps each API name to its module, which `load` imports
 * (the package root passes `(module) => import(`./apis/${module}.js`)`).
 */
export declare function apiRegistry(
  modules: Readonly<Record<string, string>>,
  load: (module: string) => Promise<unknown>,
): ApiRegistry;
