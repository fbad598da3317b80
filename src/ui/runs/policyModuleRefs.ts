import type { PolicyModuleRef } from '../../worker/simWorker.ts';
import type { PolicyCode } from './PolicyCode.ts';

const urls = new Map<string, string>();

/**
 * The modules as the workers load them: each one's code behind a blob: URL (made once per
 * code). The page itself never imports them; only the runs' workers do.
 */
export function policyModuleRefs(modules: readonly PolicyCode[]): PolicyModuleRef[] {
  return modules.map((m) => {
    let url = urls.get(m.code);
    if (!url) {
      url = URL.createObjectURL(new Blob([m.code], { type: 'text/javascript' }));
      urls.set(m.code, url);
    }
    return { url, source: m.name };
  });
}
