/**
 * Entries of a trace that a run uses (its length, or the scenario's limit). Throws when the
 * trace's file was never read: the model reads no files, its loader attaches the data.
 */
export function traceLength(trace: { readonly data?: { readonly arrivalS: Float64Array }; readonly limit: number; readonly path: string }, workload: number): number {
  if (!trace.data) throw new Error(`workloads[${workload}].trace: the trace "${trace.path}" was not read; load the scenario with its traces (the command line does)`);
  return Math.min(trace.data.arrivalS.length, trace.limit);
}
