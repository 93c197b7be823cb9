// What the numbers were measured on: a shared 2-core machine gives different numbers under load, so the report
// records the load average before and after the run next to the hardware.
import { arch, cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';

/** Hardware, runtime and load at one moment. */
export interface MachineInfo {
  cpuModel: string;
  cpus: number;
  totalMemBytes: number;
  freeMemBytes: number;
  node: string;
  platform: string;
  osRelease: string;
  arch: string;
  /** 1, 5 and 15 minute load averages. */
  loadAvg: [number, number, number];
}

/** The machine as it is now. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  const [l1, l5, l15] = loadavg();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpus: list.length,
    totalMemBytes: totalmem(),
    freeMemBytes: freemem(),
    node: process.version,
    platform: platform(),
    osRelease: release(),
    arch: arch(),
    loadAvg: [round2(l1 ?? 0), round2(l5 ?? 0), round2(l15 ?? 0)],
  };
}

/** The 1/5/15 minute load averages now. */
export function currentLoad(): [number, number, number] {
  const [l1, l5, l15] = loadavg();
  return [round2(l1 ?? 0), round2(l5 ?? 0), round2(l15 ?? 0)];
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
