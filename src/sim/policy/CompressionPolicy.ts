/**
 * A version of a served model: compressed variants need fewer GPUs per replica, serve
 * faster, and answer a little worse.
 */
export interface ModelVariant {
  readonly name: string;
  /**
   * GPUs per replica relative to the full model, in (0, 1]: a replica of this variant
   * needs ⌈gpusPerReplica × gpusFactor⌉ GPUs (weights and cache take less memory).
   */
  readonly gpusFactor: number;
  /** Serving speed relative to the full model (> 0): service times are divided by it. */
  readonly speedFactor: number;
  /** Quality of its answers relative to the full model, in [0, 1] (task accuracy retained). */
  readonly quality: number;
}

/** An inference service as a compression policy sees it. */
export interface ServiceView {
  readonly id: string;
  /** Replicas it should have. */
  readonly replicas: number;
  /** Replicas placed on GPUs (starting or ready), and of those, ready. */
  readonly placedReplicas: number;
  readonly readyReplicas: number;
  /** GPUs per replica of the full model. */
  readonly gpusPerReplica: number;
  /** The variant it runs now (new replicas are placed as this variant). */
  readonly variant: ModelVariant;
  /** Free GPUs where its replicas may run. */
  readonly freeGpus: number;
}

/**
 * Chooses which variant of its model each inference service serves. Asked at the start and
 * whenever one of the service's replicas fails, is placed or becomes ready. Replicas waiting
 * for GPUs take the chosen variant at once; running replicas are redeployed as it one at a
 * time, when that helps: back to a larger variant, each once enough GPUs are free for it;
 * down to a smaller one, while replicas wait that the smaller size lets in.
 */
export interface CompressionPolicy {
  readonly name: string;
  variant(service: ServiceView, nowS: number): ModelVariant;
}
