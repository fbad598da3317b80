import type { ScenarioIssue } from './formatIssue.ts';
import type { Scenario } from './types.ts';

/**
 * Checks the WAN links and what uses them: each joins two different existing sites, ids and
 * site pairs are unique, and a copy given by size has a link to travel over.
 */
export function checkNetwork(s: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const sites = s.cluster.sites.map((x) => x.id);
  const ids = new Set<string>(), pairs = new Map<string, number>();
  const pairKey = (a: string, b: string) => [a, b].sort().join('\u0000');
  (s.cluster.wan ?? []).forEach((l, i) => {
    const path = `cluster.wan[${i}]`;
    l.sites.forEach((id, k) => {
      if (!sites.includes(id)) issues.push({ path: `${path}.between[${k}]`, message: `no site "${id}"; sites: ${sites.join(', ')}` });
    });
    if (l.sites[0] === l.sites[1]) issues.push({ path: `${path}.between`, message: `a WAN link joins two different sites, got "${l.sites[0]}" twice` });
    if (ids.has(l.id)) issues.push({ path: `${path}.id`, message: `duplicate WAN link id "${l.id}"${l.id.includes('-') ? ' (the default id is "<site>-<site>"; give an "id")' : ''}` });
    ids.add(l.id);
    const key = pairKey(l.sites[0], l.sites[1]);
    if (pairs.has(key)) issues.push({ path: `${path}.between`, message: `sites "${l.sites[0]}" and "${l.sites[1]}" are already joined by cluster.wan[${pairs.get(key)}]` });
    else pairs.set(key, i);
  });
  s.cluster.sites.forEach((site, i) => {
    const copy = site.storage?.copy;
    if (!copy || copy.sizeBytes === undefined || !sites.includes(copy.to) || copy.to === site.id) return;
    if (!pairs.has(pairKey(site.id, copy.to))) {
      issues.push({ path: `cluster.sites[${i}].storage.copy.size`, message: `a copy given by size travels over the WAN, but no link in "cluster.wan" joins "${site.id}" and "${copy.to}"` });
    }
  });
  return issues;
}
