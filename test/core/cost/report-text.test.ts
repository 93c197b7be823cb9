import { describe, expect, it } from 'vitest';
import { simulateConversation } from '../../../src/core/cost/conversation';
import { alignTable, formatNumber, renderConversationReport } from '../../../src/core/cost/report-text';

describe('formatNumber', () => {
  it('keeps three significant digits and groups thousands', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(0.0123456)).toBe('0.0123');
    expect(formatNumber(3.28)).toBe('3.28');
    expect(formatNumber(30.44)).toBe('30.4');
    expect(formatNumber(427.4)).toBe('427');
    expect(formatNumber(93_723.2)).toBe('93,723');
    expect(formatNumber(1, 2)).toBe('1.0');
  });
});

describe('alignTable', () => {
  it('right-aligns columns under a dashed rule', () => {
    const t = alignTable(
      ['a', 'bbb'],
      [
        ['1', '2'],
        ['333', '4'],
      ],
    ).split('\n');
    expect(t).toEqual(['  a  bbb', '---  ---', '  1    2', '333    4']);
  });
});

describe('renderConversationReport', () => {
  const r = simulateConversation();
  const text = renderConversationReport(r);
  const lines = text.split('\n');

  it('prints the assumptions above the table', () => {
    const table = lines.findIndex((l) => l.trimStart().startsWith('minute'));
    const before = lines.slice(0, table).join('\n');
    expect(before).toMatch(/Dense 1T/);
    expect(before).toMatch(/32 × NVIDIA H100/);
    expect(before).toMatch(
      /PUE 1\.2 · server overhead k 1\.43 · decode MFU 0\.5 · memory-bandwidth efficiency η 0\.63/,
    );
    expect(before).toMatch(
      /Prefill {4}700 W per GPU \(board limit\) · MFU 0\.6 · attention efficiency 0\.6 · tensor parallel 8/,
    );
    expect(before).toMatch(
      /Cache {6}the cached column keeps the history's KV cache offloaded to host memory for the 1-minute pause/,
    );
    expect(before).toMatch(/says 200 tokens, the model replies 200/);
  });

  it('aligns every row of the table to the header width', () => {
    const start = lines.findIndex((l) => l.trimStart().startsWith('minute'));
    const rows = lines.slice(start, start + 2 + r.turns.length);
    const width = rows[0]!.length;
    for (const row of rows) expect(row.length).toBe(width);
    expect(rows[2 + 4]).toMatch(/^\s+505\s+201,800\*/);
  });

  it('says in words how the cost grows, and compares with a brain', () => {
    expect(text).toMatch(/quadratic per turn and cubic in total — not exponential/);
    expect(text).toMatch(/A bounded context costs the same every turn/);
    expect(text).toMatch(/its total grows linearly/);
    expect(text).toMatch(/at minute 505 re-sending costs ×\d/);
    expect(text).toMatch(/about 20 W, 0\.33 Wh a minute/);
    expect(text).toMatch(/beyond the model's 131,072-token window/);
  });
});

describe('summary lines against both baselines', () => {
  it('say at which minute the bounded context starts to win, per turn and in total', () => {
    const text = renderConversationReport(simulateConversation({ model: 'kimi-k2', rate: 225, reply: 50 }));
    expect(text).toMatch(
      /Against re-sending the whole history the bounded context wins per turn from minute 12 and in total from minute 12\./,
    );
    expect(text).toMatch(
      /Against the cached history the bounded context wins per turn from minute \d{3}, but not in total within 505 minutes\./,
    );
    const dense = renderConversationReport(simulateConversation({ rate: 225, reply: 50 }));
    expect(dense).toMatch(
      /Against the cached history the bounded context does not win within 505 minutes, per turn or in total\. A kept cache/,
    );
    expect(text).toMatch(
      /offloaded to host memory it costs [\d.]+ Wh of the [\d.]+ Wh turn at minute 505 \(held in GPU memory instead, [\d.]+ Wh\)/,
    );
  });

  it('say when the pause outlives the cache, so the cached strategy re-prefills', () => {
    const text = renderConversationReport(simulateConversation({ model: 'kimi-k2', pauseMinutes: 10 }));
    expect(text).toMatch(
      /The pause \(10 min\) outlives the cache \(5 min\), so the "cached" strategy prefills the whole history again every turn/,
    );
    expect(text).toMatch(
      /Against the cached history the bounded context wins per turn from minute \d+ and in total from minute \d+\./,
    );
  });
});
