// The machine the bench report tests describe (a fixed MachineInfo, so the reports' text is known).
import type { MachineInfo } from '../../src/bench/machine';

/** A 2-core test machine at load 1 / 2 / 3. */
export const TEST_MACHINE: MachineInfo = {
  cpuModel: 'Test CPU',
  cpus: 2,
  totalMemBytes: 2 ** 34,
  freeMemBytes: 2 ** 33,
  node: 'v20.0.0',
  platform: 'linux',
  osRelease: '6',
  arch: 'x64',
  loadAvg: [1, 2, 3],
};
