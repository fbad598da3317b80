import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinPolicies, type PolicyTables } from '../worker/catalog.ts';
import type { PolicyModuleRef } from '../worker/simWorker.ts';
import { addPolicies, PolicyModuleError, policiesFromModule, type UserPolicy } from '../worker/userPolicies.ts';
import { CliError } from './CliError.ts';

/**
 * Loads policy modules (`--policy-module FILE`, paths relative to the working directory) and
 * returns the built-in policies with theirs added. A file that is missing or fails to load,
 * an export of the wrong shape, an unknown family or a name already taken is a
 * {@link CliError} naming the file (exit 2).
 */
export async function loadPolicyModules(files: readonly string[]): Promise<PolicyTables> {
  if (files.length === 0) return builtinPolicies;
  const seen = new Set<string>();
  const loaded: UserPolicy[] = [];
  for (const file of files) {
    const path = resolve(file);
    if (seen.has(path)) continue;
    seen.add(path);
    try {
      if (!statSync(path).isFile()) throw new CliError(`cannot read policy module ${file}: is a directory`);
    } catch (e) {
      if (e instanceof CliError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(`cannot read policy module ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    let exports: Record<string, unknown>;
    try {
      exports = await import(pathToFileURL(path).href);
    } catch (e) {
      const hint = e instanceof SyntaxError && /\.ts$/.test(path)
        ? ' (a TypeScript module must be an ES module: name it .mts, or put it under a package.json with "type": "module")'
        : '';
      throw new CliError(`${file}: the module failed to load: ${String((e as Error)?.message ?? e).split('\n')[0]}${hint}`);
    }
    try {
      loaded.push(...policiesFromModule(exports, file));
    } catch (e) {
      if (e instanceof PolicyModuleError) throw new CliError(e.message);
      throw e;
    }
  }
  try {
    return addPolicies(builtinPolicies, loaded);
  } catch (e) {
    if (e instanceof PolicyModuleError) throw new CliError(e.message);
    throw e;
  }
}

/** The modules for a worker to load: each file's URL, and the name to show for it (as given). */
export function policyModuleRefs(files: readonly string[]): PolicyModuleRef[] {
  const seen = new Set<string>();
  return files.flatMap((file) => {
    const path = resolve(file);
    if (seen.has(path)) return [];
    seen.add(path);
    return [{ url: pathToFileURL(path).href, source: file }];
  });
}
