// Which APIs a package's client knows by name. Each API module registers its descriptor when it
// is loaded; a name whose module is not loaded yet is imported on demand by `execute`.

import type { ApiRegistry } from "./client.js";
import type { ApiDescriptor } from "./schema.js";

const REGISTERED = new Map<string, ApiDescriptor<unknown, unknown>>();

/** Makes `api` known by name to the clients of this package; returns it. */
export function registerApi<P, R>(
  api: ApiDescriptor<P, R>,
): ApiDescriptor<P, R> {
  REGISTERED.set(api.name, api as ApiDescriptor<unknown, unknown>);
  return api;
}

/**
 * The registry of a package: `modules` maps each API name to its module, which `load` imports
 * (the package root passes `(module) => import(`./apis/${module}.js`)`).
 */
export function apiRegistry(
  modules: Readonly<Record<string, string>>,
  load: (module: string) => Promise<unknown>,
): ApiRegistry {
  return {
    get: (name) => REGISTERED.get(name),
    load(name) {
      const module = Object.hasOwn(modules, name) ? modules[name] : undefined;
      if (module === undefined) return undefined;
      return load(module).then(() => {
        const api = REGISTERED.get(name);
        if (api === undefined)
          throw new RangeError(
            `the module ${module} does not register ${JSON.stringify(name)}`,
          );
        return api;
      });
    },
  };
}
