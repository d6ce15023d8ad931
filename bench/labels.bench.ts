/**
 * Labels, splitters and metrics at research scale: 100 symbols × 5,000
 * one-minute bars (500k rows). `npx tsx bench/labels.bench.ts`
 */
import { Rng } from '../src/core/random.js';
import { randomWalkFrame } from '../src/labels/fixtures.js';
import { averageUniqueness, fixedHorizonLabels, tripleBarrierLabels } from '../src/labels/index.js';
import { purgedKFoldSplits, walkForwardSplits } from '../src/model/cv/index.js';
import { auc, averagePrecision, rankIC } from '../src/model/metrics/index.js';
import { bestOf, report } from './report.js';

const SYMBOLS = 100;
const BARS = 5000;
const rng = new Rng(42);
const frame = randomWalkFrame(rng, SYMBOLS, BARS, 0.002);
const n = frame.length;
const detail = `${SYMBOLS} symbols × ${BARS} bars`;
const perSec = (ms: number): number => (n / ms) * 1000;

const fixedMs = await bestOf(2, () => fixedHorizonLabels(frame, { horizon: 5 }));
report({
  name: 'fixed-horizon labels',
  value: perSec(fixedMs),
  unit: 'rows/s',
  higherIsBetter: true,
  detail,
});

const tbOpts = { horizon: 20, volSpan: 20, profitTake: 2, stopLoss: 2 };
const tbMs = await bestOf(2, () => tripleBarrierLabels(frame, tbOpts));
report({
  name: 'triple-barrier labels (close, h 20, vol lookback 60)',
  value: perSec(tbMs),
  unit: 'rows/s',
  higherIsBetter: true,
  detail,
});
const hlMs = await bestOf(2, () => tripleBarrierLabels(frame, { ...tbOpts, touch: 'highLow' }));
report({
  name: 'triple-barrier labels (high/low)',
  value: perSec(hlMs),
  unit: 'rows/s',
  higherIsBetter: true,
  detail,
});

const labels = tripleBarrierLabels(frame, tbOpts);
const uqMs = await bestOf(2, () => averageUniqueness(frame.symbol, labels.endRow));
report({
  name: 'average-uniqueness weights',
  value: perSec(uqMs),
  unit: 'rows/s',
  higherIsBetter: true,
  detail,
});

// Samples = labelled rows; the splitters see them interleaved across symbols.
let m = 0;
for (let i = 0; i < n; i++) if (labels.endRow[i]! >= 0) m++;
const t0 = new Float64Array(m);
const t1 = new Float64Array(m);
const y = new Float64Array(m);
const score = new Float64Array(m);
const ret = new Float64Array(m);
for (let i = 0, k = 0; i < n; i++) {
  if (labels.endRow[i]! < 0) continue;
  t0[k] = frame.ts[i]!;
  t1[k] = labels.t1[i]!;
  ret[k] = labels.fwdReturn[i]!;
  y[k] = labels.label[i] === 1 ? 1 : 0;
  score[k] = 0.3 * y[k]! + rng.next();
  k++;
}
const kfMs = await bestOf(2, () => purgedKFoldSplits(t0, t1, { nSplits: 5, embargo: { fraction: 0.01 } }));
report({
  name: 'purged 5-fold with embargo',
  value: kfMs,
  unit: 'ms',
  higherIsBetter: false,
  detail: `${m} samples`,
});
const wfMs = await bestOf(2, () => walkForwardSplits(t0, t1, { nSplits: 5, window: 'expanding' }));
report({
  name: 'walk-forward, 5 splits',
  value: wfMs,
  unit: 'ms',
  higherIsBetter: false,
  detail: `${m} samples`,
});

const aucMs = await bestOf(2, () => auc(score, y));
report({ name: 'AUC', value: aucMs, unit: 'ms', higherIsBetter: false, detail: `${m} samples` });
const apMs = await bestOf(2, () => averagePrecision(score, y));
report({ name: 'average precision', value: apMs, unit: 'ms', higherIsBetter: false, detail: `${m} samples` });
const icMs = await bestOf(2, () => rankIC(score, ret, t0));
report({
  name: 'rank IC per timestamp',
  value: icMs,
  unit: 'ms',
  higherIsBetter: false,
  detail: `${m} samples, ${SYMBOLS} names each`,
});
