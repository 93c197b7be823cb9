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

/**
 * CPU milliseconds of a fixed piece of work shaped like indexing's (text cut into words counted in a Map, a
 * typed-array loop, short-lived objects through JSON), the median of three. On a shared host the same code ran at
 * speeds 40 % apart within an hour at the same load average (other tenants of the host; docs/benchmarks.md §6), so
 * a report records this next to the load: runs are comparable when their probes are.
 */
export function speedProbeMs(): number {
  const times = [probeOnce(), probeOnce(), probeOnce()].sort((a, b) => a - b);
  return Math.round(times[1]! * 10) / 10;
}

function probeOnce(): number {
  const start = process.cpuUsage();
  let text = '';
  for (let i = 0; i < 20_000; i++) text += `word${(i * 7919) % 5003} `;
  const words = new Map<string, number>();
  let h = 0;
  for (let r = 0; r < 36; r++) {
    for (const w of text.split(' ')) words.set(w, (words.get(w) ?? 0) + 1);
    const a = new Float32Array(1 << 16);
    for (let i = 0; i < a.length; i++) a[i] = Math.sin(i + r);
    for (let i = 0; i < a.length; i++) h = (h + Math.round(a[i]! * 1000)) | 0;
    h ^= (JSON.parse(JSON.stringify([...words].slice(0, 2000))) as unknown[]).length;
  }
  const used = process.cpuUsage(start);
  // The result is used, so no step of the work can be left out.
  if (h === 0x7fffffff && words.size === 0) throw new Error('machine: impossible probe result');
  return (used.user + used.system) / 1000;
}
