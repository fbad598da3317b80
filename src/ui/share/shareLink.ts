import type { PolicyCode } from '../runs/PolicyCode.ts';
import type { UiPolicySet } from '../runs/UiPolicySet.ts';

/** What a shared link reproduces: the scenario text, the policy sets, and any policy code. */
export interface SharedComparison {
  readonly v: 1;
  readonly format: 'json' | 'yaml';
  readonly text: string;
  readonly presetId: string | null;
  readonly sets: readonly UiPolicySet[];
  readonly modules: readonly PolicyCode[];
}

/** Base64url without padding. */
function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** The comparison compressed (deflate) into URL-safe text, for the `#c=` fragment. */
export async function encodeComparison(c: SharedComparison): Promise<string> {
  return toBase64Url(await pipe(new TextEncoder().encode(JSON.stringify(c)), new CompressionStream('deflate-raw')));
}

/** Reads what {@link encodeComparison} wrote; throws an Error with a reason for anything else. */
export async function decodeComparison(text: string): Promise<SharedComparison> {
  let json: string;
  try {
    json = new TextDecoder().decode(await pipe(fromBase64Url(text), new DecompressionStream('deflate-raw')));
  } catch {
    throw new Error('the link is damaged: its comparison cannot be decompressed');
  }
  return checkComparison(JSON.parse(json) as unknown);
}

/** Checks the shape of a decoded comparison: a link is data from anyone. */
export function checkComparison(v: unknown): SharedComparison {
  const o = v as Record<string, unknown>;
  const isStr = (x: unknown): x is string => typeof x === 'string';
  if (!o || typeof o !== 'object' || o.v !== 1) throw new Error('the link is not a dcsim comparison (or from a newer version)');
  if (o.format !== 'json' && o.format !== 'yaml') throw new Error('the link\'s scenario format must be "json" or "yaml"');
  if (!isStr(o.text)) throw new Error('the link carries no scenario text');
  if (!Array.isArray(o.sets) || o.sets.length < 1 || o.sets.length > 4) throw new Error('the link must carry one to four policy sets');
  const sets = o.sets.map((s: Record<string, unknown>, i: number): UiPolicySet => {
    const choices = s?.choices as Record<string, unknown> | undefined;
    if (!isStr(s?.name) || !isStr(s?.params) || !choices || typeof choices !== 'object' || !Object.values(choices).every(isStr)) {
      throw new Error(`the link's policy set ${i + 1} is malformed`);
    }
    return { name: s.name, params: s.params, choices: choices as UiPolicySet['choices'] };
  });
  const modules = (Array.isArray(o.modules) ? o.modules : []).map((m: Record<string, unknown>, i: number): PolicyCode => {
    if (!isStr(m?.name) || !isStr(m?.code)) throw new Error(`the link's policy module ${i + 1} is malformed`);
    return { name: m.name, code: m.code };
  });
  return { v: 1, format: o.format, text: o.text, presetId: isStr(o.presetId) ? o.presetId : null, sets, modules };
}
