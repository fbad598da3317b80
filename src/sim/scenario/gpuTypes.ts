/**
 * GPU models a scenario can name, with a relative speed (H100 = 1.0). A task's work is
 * given at speed 1.0 and takes `work / speed` seconds on a GPU of another speed.
 *
 * Speeds are dense BF16/FP16 tensor throughput relative to an H100 SXM, rounded, with the
 * memory-bound H200 credited for its higher memory bandwidth (sources in
 * docs/scenario-format.md). A node may override its GPUs' speed with `node.speed`.
 */
export const GPU_TYPES: Readonly<Record<string, { readonly speed: number; readonly memoryGB: number }>> = {
  V100: { speed: 0.13, memoryGB: 32 },
  A100: { speed: 0.32, memoryGB: 80 },
  L40S: { speed: 0.37, memoryGB: 48 },
  H100: { speed: 1.0, memoryGB: 80 },
  H200: { speed: 1.2, memoryGB: 141 },
  B200: { speed: 2.3, memoryGB: 192 },
};

/** Names of the known GPU models. */
export const GPU_TYPE_NAMES = Object.keys(GPU_TYPES);
