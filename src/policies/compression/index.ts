import type { PolicyFactory } from '../registry.ts';
import type { CompressionPolicy } from '../types.ts';
import { adaptive } from './adaptive.ts';
import { distilled, fp8, int4, int8, none, sparse2to4 } from './fixedVariants.ts';

/** Every built-in compression policy, by name. */
export const compressionPolicies: readonly PolicyFactory<CompressionPolicy>[] = [none, int8, fp8, int4, sparse2to4, distilled, adaptive];
