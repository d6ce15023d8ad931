/**
 * Truncated standard-normal arithmetic in log space for the TPE sampler:
 * log Φ, log of the Gaussian mass of an interval, the inverse CDF from a log
 * probability, and sampling/density of a normal truncated to [a, b].
 * Hand-written because no installed package has them; follows the structure
 * of Optuna's `_truncnorm.py` (log-space cases to avoid cancellation and
 * underflow far in the tails, which TPE reaches: kernels are narrow, bounds wide).
 * Precision: log erfc from the Numerical Recipes Chebyshev fit (relative
 * error < 1.2e-7 everywhere, in log form so it never underflows); plenty for
 * ranking candidates by l(x)/g(x). The inverse CDF is refined by Newton steps
 * on that same log Φ, so sampling and density agree with each other.
 */
import type { Rng } from '../../core/random.js';

const LOG_HALF = Math.log(0.5);
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT1_2 = Math.SQRT1_2;

/** log erfc(z) for z ≥ 0 (Numerical Recipes `erfcc`, evaluated in log form). */
function logErfcNonNeg(z: number): number {
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.log(t) - z * z + poly;
}

/** Standard normal CDF Φ(x). */
export function ndtr(x: number): number {
  if (x < 0) return 0.5 * Math.exp(logErfcNonNeg(-x * SQRT1_2));
  return 1 - 0.5 * Math.exp(logErfcNonNeg(x * SQRT1_2));
}

/** log Φ(x), finite for every finite x (no underflow in the lower tail). */
export function logNdtr(x: number): number {
  if (x === Number.NEGATIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (x < 0) return LOG_HALF + logErfcNonNeg(-x * SQRT1_2);
  return Math.log1p(-0.5 * Math.exp(logErfcNonNeg(x * SQRT1_2)));
}

/** log of the standard normal density φ(x). */
export function logNormalPdf(x: number): number {
  return -0.5 * x * x - HALF_LOG_2PI;
}

/** log(e^x − e^y) for x ≥ y. */
function logDiff(x: number, y: number): number {
  return x + Math.log1p(-Math.exp(y - x));
}

/** log(e^x + e^y). */
function logSum(x: number, y: number): number {
  const hi = Math.max(x, y);
  if (hi === Number.NEGATIVE_INFINITY) return hi;
  return hi + Math.log1p(Math.exp(Math.min(x, y) - hi));
}

// 5-point Gauss–Legendre nodes and weights on [−1, 1].
const GL_X = [-0.906179845938664, -0.5384693101056831, 0, 0.5384693101056831, 0.906179845938664];
const GL_W = [
  0.23692688505618908, 0.47862867049936647, 0.5688888888888889, 0.47862867049936647, 0.23692688505618908,
];

/**
 * log(Φ(b) − Φ(a)) for a < b, accurate in both tails and in the centre. A
 * narrow interval (one grid cell of a stepped parameter) is integrated
 * directly: the difference of two nearly equal CDFs would lose the erfc fit's
 * precision to cancellation.
 */
export function logGaussMass(a: number, b: number): number {
  const half = 0.5 * (b - a);
  if (half * (1 + Math.max(Math.abs(a), Math.abs(b))) < 0.5) {
    const mid = 0.5 * (a + b);
    const ref = logNormalPdf(mid);
    let s = 0;
    for (let i = 0; i < 5; i++) s += GL_W[i]! * Math.exp(logNormalPdf(mid + half * GL_X[i]!) - ref);
    return ref + Math.log(s * half);
  }
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  // Straddling 0 the mass is near 1: subtracting the two tails avoids cancellation.
  return Math.log1p(-ndtr(a) - ndtr(-b));
}

// Acklam's rational approximation of Φ⁻¹, used as the Newton start.
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const LOG_P_LOW = Math.log(0.02425);

function acklamFromLog(logP: number): number {
  if (logP < LOG_P_LOW) {
    const q = Math.sqrt(-2 * logP);
    return (
      (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1)
    );
  }
  const q = Math.exp(logP) - 0.5;
  const r = q * q;
  return (
    ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
    (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1)
  );
}

/** Φ⁻¹(e^y) for y ≤ 0: the quantile of a log probability (works where e^y underflows). */
export function ndtriExp(y: number): number {
  if (y >= 0) return Number.POSITIVE_INFINITY;
  if (y === Number.NEGATIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  // Upper half by symmetry, so Newton always runs where log Φ is steep and well conditioned.
  if (y > LOG_HALF) return -ndtriExp(Math.log(-Math.expm1(y)));
  let x = acklamFromLog(y);
  for (let i = 0; i < 20; i++) {
    const lc = logNdtr(x);
    const step = (lc - y) / Math.exp(logNormalPdf(x) - lc);
    x -= step;
    if (Math.abs(step) <= 1e-13 * (1 + Math.abs(x))) break;
  }
  return x;
}

/** Quantile q ∈ [0, 1) of the standard normal truncated to [a, b] (Optuna's `_ppf`). */
export function truncNormPpf(q: number, a: number, b: number): number {
  const logMass = logGaussMass(a, b);
  let x: number;
  if (a < 0) {
    x = ndtriExp(logSum(logNdtr(a), Math.log(q) + logMass));
  } else {
    x = -ndtriExp(logSum(logNdtr(-b), Math.log1p(-q) + logMass));
  }
  return Math.min(Math.max(x, a), b);
}

/** One draw from N(mu, sigma²) truncated to [low, high], by inversion (one uniform per draw). */
export function sampleTruncNorm(rng: Rng, mu: number, sigma: number, low: number, high: number): number {
  const z = truncNormPpf(rng.next(), (low - mu) / sigma, (high - mu) / sigma);
  return mu + sigma * z;
}
