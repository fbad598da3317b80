import type { ModelVariant } from '../types.ts';

/**
 * Default figures of each compressed variant, relative to the full BF16/FP16 model. They are
 * round values from the papers named, for LLM serving on data-center GPUs; every variant
 * policy takes `gpusFactor`, `speedFactor` and `quality` parameters to put in measured ones.
 *
 * - int8 — SmoothQuant W8A8 (Xiao et al., ICML 2023): half the weight memory, up to 1.56×
 *   speed-up and 2× memory saving, "negligible" accuracy loss (within ~1 %).
 * - fp8 — FP8 on H100 (Micikevicius et al., "FP8 Formats for Deep Learning", 2022; NVIDIA
 *   TensorRT-LLM reports ~1.4–1.6× throughput over FP16): half the memory, accuracy
 *   within ~0.5 % of 16-bit.
 * - int4 — weight-only 4-bit, AWQ (Lin et al., MLSys 2024) and GPTQ (Frantar et al., ICLR
 *   2023): a quarter of the weight memory, ~1.5× decode speed-up on server GPUs (3× on
 *   edge), perplexity up slightly: ~97 % of task accuracy kept.
 * - sparse-2to4 — 2:4 structured sparsity (Mishra et al., "Accelerating Sparse Deep Neural
 *   Networks", 2021; SparseGPT, Frantar & Alistarh, ICML 2023): up to 2× tensor-core math,
 *   ~1.3× end to end, weights ~0.56× in memory, a visible accuracy drop at 50 % sparsity
 *   on LLMs (~95 % kept).
 * - distilled — a distilled smaller model (DistilBERT, Sanh et al., 2019: 40 % smaller,
 *   60 % faster, 97 % of the language-understanding score kept).
 */
export const VARIANTS: Readonly<Record<string, ModelVariant>> = {
  none: { name: 'none', gpusFactor: 1, speedFactor: 1, quality: 1 },
  int8: { name: 'int8', gpusFactor: 0.5, speedFactor: 1.5, quality: 0.99 },
  fp8: { name: 'fp8', gpusFactor: 0.5, speedFactor: 1.5, quality: 0.995 },
  int4: { name: 'int4', gpusFactor: 0.25, speedFactor: 1.5, quality: 0.97 },
  'sparse-2to4': { name: 'sparse-2to4', gpusFactor: 0.56, speedFactor: 1.3, quality: 0.95 },
  distilled: { name: 'distilled', gpusFactor: 0.6, speedFactor: 1.6, quality: 0.97 },
};
