/** The main job end to end on a small market: every stage's own check holds and the summary says so. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerDemoCommand } from '../../src/cli/commands/demo.js';
import { runCli } from '../../src/cli/runCli.testkit.js';

const dir = mkdtempSync(join(tmpdir(), 'af-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('alphaflow demo', () => {
  it('runs every stage on 30 stocks × 3 days; the same seed gives the same summary', async () => {
    const args = ['demo', '--symbols', '30', '--days', '3', '--folds', '3', '--json'];
    const a = await runCli([registerDemoCommand], [...args, '--out', join(dir, 'a')]);
    expect(a.exitCode).toBeUndefined();
    const r = JSON.parse(a.stdout);
    expect(r.lake.roundTrip).toBe('bit-exact');
    expect(r.validation.errors).toBe(0);
    expect(r.features.columns).toBe(37);
    expect(r.offlineStore).toMatchObject({ rows: r.market.bars, matchesBatch: true });
    expect(r.onlineStore).toMatchObject({
      vectorsCompared: r.market.bars,
      identicalToOffline: true,
      ticks: 3 * 390,
    });
    expect(r.model.version).toBe('v0001');
    for (const m of ['lightgbm', 'logistic'] as const) {
      expect(r.cv[m].auc).toBeGreaterThan(0.4);
      // The leak ceiling: no model may beat the planted signal's own AUC on the same samples by much.
      expect(r.cv[m].auc).toBeLessThan(r.cv.oracleAuc + 0.02);
    }
    const b = await runCli([registerDemoCommand], [...args, '--out', join(dir, 'b')]);
    const rb = JSON.parse(b.stdout);
    const stable = (x: typeof r) => ({
      ...x,
      lake: undefined,
      model: { ...x.model, registry: undefined },
      seconds: undefined,
    });
    expect(stable(rb)).toEqual(stable(r));
  }, 180_000);
});
