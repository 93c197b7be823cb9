// The scale report's header states the machine, its load and the speed probe: a shared host's numbers mean little
// without them.
import { describe, expect, it } from 'vitest';
import { speedProbeMs } from '../../src/bench/machine';
import type { ScaleRun } from '../../src/bench/scale-bench';
import { renderScaleMarkdown } from '../../src/bench/scale-report';
import { TEST_MACHINE } from './test-machine';

function run(over: Partial<ScaleRun> = {}): ScaleRun {
  return {
    startedAt: '2026-12-03T14:01:47.382Z',
    machine: TEST_MACHINE,
    sizes: [{ notes: 1000, vaultBytes: 3 * 2 ** 20, loadBefore: [1, 2, 3], loadAfter: [1.5, 2, 3] }],
    growth: {},
    loadAvgEnd: [4, 5, 6],
    ...over,
  };
}

describe('scale report header', () => {
  it('states the load at start and end, and the speed probe when the run measured it', () => {
    const with_ = renderScaleMarkdown(run({ probeMs: { start: 131.2, end: 187 } }));
    expect(with_).toContain('Load average (1/5/15 min) at start 1 / 2 / 3, at end 4 / 5 / 6');
    expect(with_).toContain('the speed probe) took 131 ms at the start and 187 ms at the end');
    expect(renderScaleMarkdown(run())).not.toContain('speed probe');
  });

  it('measures the probe as CPU time: a positive, finite number of milliseconds', () => {
    const t = speedProbeMs();
    expect(Number.isFinite(t) && t > 0).toBe(true);
  });
});
