// Argument parsing driven by each command's one FlagTable: its types decide which options take a value, its names
// which options are refused.
import { describe, expect, it } from 'vitest';
import { boolFlag, intFlag, parseArgs, rejectUnknownFlags, stringFlag, type FlagTable } from '../../src/cli/args';

const TABLE: FlagTable = { json: 'boolean', k: 'string', 'data-dir': 'string' };

describe('parseArgs', () => {
  it('gives a boolean option no value and a string option the next argument', () => {
    const a = parseArgs(
      ['vault', '--json', 'question', '--k', '3', '--data-dir=/tmp/x', '-h', '--', '--not-a-flag'],
      TABLE,
    );
    expect(a.positional).toEqual(['vault', 'question', '--not-a-flag']);
    expect(a.flags).toEqual({ json: true, k: '3', 'data-dir': '/tmp/x', help: true });
    expect(boolFlag(a, 'json')).toBe(true);
    expect(intFlag(a, 'k', 5)).toBe(3);
    expect(stringFlag(a, 'data-dir')).toBe('/tmp/x');
  });

  it('reads the types from the table it is given', () => {
    expect(parseArgs(['--json', 'x'], TABLE).positional).toEqual(['x']);
    expect(parseArgs(['--json', 'x'], { json: 'string' }).flags).toEqual({ json: 'x' });
  });

  it('refuses a string option without a value, and options the table does not declare', () => {
    expect(() => stringFlag(parseArgs(['--k', '--json'], TABLE), 'k')).toThrow('--k needs a value');
    const typo = parseArgs(['--bugdet', '500', '--full'], TABLE);
    expect(typo.positional).toEqual([]);
    expect(() => rejectUnknownFlags(typo, TABLE, 'ask')).toThrow(
      'unknown options --bugdet, --full for "overlay ask" (see "overlay ask --help")',
    );
    expect(() => rejectUnknownFlags(parseArgs(['--help', '--json'], TABLE), TABLE, 'ask')).not.toThrow();
  });
});
