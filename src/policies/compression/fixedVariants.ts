import type { PolicyFactory } from '../registry.ts';
import type { CompressionPolicy } from '../types.ts';
import { variantFrom, variantParams } from './variantParams.ts';
import { VARIANTS } from './variants.ts';

const SOURCES: Readonly<Record<string, string>> = {
  int8: 'W8A8 8-bit integer weights and activations (SmoothQuant, Xiao et al., ICML 2023)',
  fp8: 'FP8 weights and activations on Hopper-class GPUs (Micikevicius et al., 2022; NVIDIA TensorRT-LLM)',
  int4: 'weight-only 4-bit quantisation (AWQ, Lin et al., MLSys 2024; GPTQ, Frantar et al., ICLR 2023)',
  'sparse-2to4': '2:4 structured sparsity (Mishra et al., 2021; SparseGPT, Frantar & Alistarh, ICML 2023)',
  distilled: 'a distilled smaller model (DistilBERT, Sanh et al., 2019)',
};

/** A policy serving one variant all the time. */
function fixed(name: string): PolicyFactory<CompressionPolicy> {
  const d = VARIANTS[name];
  return {
    name,
    description: name === 'none'
      ? 'Serve the full model: no compression.'
      : `Serve every inference service as ${SOURCES[name]}: by default ×${d.gpusFactor} GPUs per replica, ×${d.speedFactor} speed, quality ${d.quality}.`,
    params: name === 'none' ? [] : variantParams(d),
    create: (params) => {
      const v = variantFrom(name, params);
      return { name, variant: () => v };
    },
  };
}

export const none = fixed('none');
export const int8 = fixed('int8');
export const fp8 = fixed('fp8');
export const int4 = fixed('int4');
export const sparse2to4 = fixed('sparse-2to4');
export const distilled = fixed('distilled');
