/**
 * The standard normal quantile (inverse CDF), once: lognormal lag and size
 * models are described by their median and p99 (σ = ln(p99/median) / z(0.99)),
 * and compare turns a confidence level into a critical z.
 * Acklam's rational approximation, |error| < 1.2e-9.
 */

/** z such that Φ(z) = 0.99. */
export const Z_P99 = 2.3263478740408408;

const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239] as const;
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572] as const;
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const;
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416] as const;
/** Below this (and above 1 − it) the tail approximation applies. */
const LOW = 0.02425;

/** z such that Φ(z) = q: −Infinity at q ≤ 0, Infinity at q ≥ 1. */
export function normalQuantile(q: number): number {
  if (q <= 0) return -Infinity;
  if (q >= 1) return Infinity;
  if (q < LOW) return tail(Math.sqrt(-2 * Math.log(q)));
  if (q > 1 - LOW) return -tail(Math.sqrt(-2 * Math.log(1 - q)));
  const s = q - 0.5;
  const r = s * s;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * s) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

function tail(r: number): number {
  return (((((C[0] * r + C[1]) * r + C[2]) * r + C[3]) * r + C[4]) * r + C[5]) / ((((D[0] * r + D[1]) * r + D[2]) * r + D[3]) * r + 1);
}
