import type { Rng } from '../random/streams.ts';

/**
 * Standard normal and exponential draws by the ziggurat method (Marsaglia & Tsang, "The
 * ziggurat method for generating random variables", J. Stat. Softw. 5(8), 2000), for the
 * per-request draws of inference services (tens of millions a run): about 99 % of draws
 * cost one uniform, a table lookup and a multiply, where inversion costs a logarithm and
 * Box–Muller a logarithm, a square root and a sine or cosine. Exact: a point uniform under
 * the density's ziggurat of layers of equal area is drawn; the few that fall outside the
 * density are rejected, or drawn from the tail.
 *
 * Each uniform gives 32 bits: the top 7 (normal; 8 for the exponential) pick the layer, the
 * rest the position in it (signed, for the normal).
 */

const LAYERS = 128;
/** Start of the tail (right edge of the base layer), and the area of each layer. */
const R = 3.442619855899;
const AREA = 9.91256303526217e-3;
/** Positions in a layer are 24-bit integers plus one half (signed for the normal: 2^25 of them). */
const SCALE = 2 ** 24;
const POSITIONS = 2 ** 25;

/** Per layer: the position below which a point is surely under the density (kn), position → x (wn), and the density at the layer's edge (fn). */
const kn = new Float64Array(LAYERS);
const wn = new Float64Array(LAYERS);
const fn = new Float64Array(LAYERS);
{
  let dn = R, tn = R;
  const q = AREA / Math.exp(-0.5 * dn * dn);
  kn[0] = (dn / q) * SCALE;
  kn[1] = 0;
  wn[0] = q / SCALE;
  wn[LAYERS - 1] = dn / SCALE;
  fn[0] = 1;
  fn[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(AREA / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = (dn / tn) * SCALE;
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / SCALE;
  }
}

/** One standard normal draw. */
export function standardNormal(rng: Rng): number {
  // The top 7 bits of the uniform pick the layer; the other 25 the signed position in it.
  const u = rng() * LAYERS;
  const layer = u | 0;
  const pos = (u - layer) * POSITIONS - (SCALE - 0.5);
  return Math.abs(pos) < kn[layer] ? pos * wn[layer] : normalEdge(rng, layer, pos);
}

/**
 * The rest of a normal draw whose point fell outside the rectangle surely under the density
 * (about 1 % of draws; apart, so that the common case stays small enough to inline).
 */
function normalEdge(rng: Rng, layer: number, pos: number): number {
  for (;;) {
    const x = pos * wn[layer];
    if (layer === 0) return x < 0 ? -tail(rng) : tail(rng);
    // Between the layer's edges: keep when under the density.
    if (fn[layer] + rng() * (fn[layer - 1] - fn[layer]) < Math.exp(-0.5 * x * x)) return x;
    const u = rng() * LAYERS;
    layer = u | 0;
    pos = (u - layer) * POSITIONS - (SCALE - 0.5);
    if (Math.abs(pos) < kn[layer]) return pos * wn[layer];
  }
}

/** A draw from the normal tail beyond R (Marsaglia 1964). */
function tail(rng: Rng): number {
  for (;;) {
    const x = -Math.log(1 - rng()) / R;
    const y = -Math.log(1 - rng());
    if (y + y >= x * x) return R + x;
  }
}

const EXP_LAYERS = 256;
/** Start of the exponential's tail, and the area of each layer. */
const RE = 7.697117470131487;
const AREA_E = 3.949659822581572e-3;

/** The exponential's tables, as kn, wn and fn above. */
const ke = new Float64Array(EXP_LAYERS);
const we = new Float64Array(EXP_LAYERS);
const fe = new Float64Array(EXP_LAYERS);
{
  let de = RE, te = RE;
  const q = AREA_E / Math.exp(-de);
  ke[0] = (de / q) * SCALE;
  ke[1] = 0;
  we[0] = q / SCALE;
  we[EXP_LAYERS - 1] = de / SCALE;
  fe[0] = 1;
  fe[EXP_LAYERS - 1] = Math.exp(-de);
  for (let i = EXP_LAYERS - 2; i >= 1; i--) {
    de = -Math.log(AREA_E / de + Math.exp(-de));
    ke[i + 1] = (de / te) * SCALE;
    te = de;
    fe[i] = Math.exp(-de);
    we[i] = de / SCALE;
  }
}

/** One draw of the exponential distribution of mean 1. */
export function standardExponential(rng: Rng): number {
  // The top 8 bits of the uniform pick the layer; the other 24 the position in it.
  const u = rng() * EXP_LAYERS;
  const layer = u | 0;
  const pos = (u - layer) * SCALE + 0.5;
  return pos < ke[layer] ? pos * we[layer] : exponentialEdge(rng, layer, pos);
}

/** The rest of an exponential draw outside the rectangle surely under the density (as {@link normalEdge}). */
function exponentialEdge(rng: Rng, layer: number, pos: number): number {
  for (;;) {
    // The tail is an exponential shifted to RE (memoryless).
    if (layer === 0) return RE - Math.log(1 - rng());
    const x = pos * we[layer];
    if (fe[layer] + rng() * (fe[layer - 1] - fe[layer]) < Math.exp(-x)) return x;
    const u = rng() * EXP_LAYERS;
    layer = u | 0;
    pos = (u - layer) * SCALE + 0.5;
    if (pos < ke[layer]) return pos * we[layer];
  }
}
