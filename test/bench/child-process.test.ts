import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHILD_FLAG, parseChildTask, spawnChild } from '../../src/bench/child-process';
import { removeTemp, tempDir } from '../../src/bench/temp-files';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeTemp(d);
});

/** A stand-in for dist/bench.mjs: echoes its task back, or fails when asked to. */
async function fakeScript(): Promise<string> {
  const dir = await tempDir();
  dirs.push(dir);
  const file = join(dir, 'child.mjs');
  writeFileSync(
    file,
    [
      'const [flag, task] = process.argv.slice(2);',
      `if (flag !== '${CHILD_FLAG}') process.exit(3);`,
      'const t = JSON.parse(task);',
      "if (t.vault === 'fail') { process.stderr.write('boom'); process.exit(1); }",
      "process.stdout.write('some chatter\\n' + JSON.stringify({ echoed: t }) + '\\n');",
    ].join('\n'),
  );
  return file;
}

describe('bench child process', () => {
  it('parses cold and open tasks and rejects malformed ones', () => {
    expect(parseChildTask('{"kind":"cold","vault":"/v","dataDir":"/d"}')).toEqual({
      kind: 'cold',
      vault: '/v',
      dataDir: '/d',
    });
    expect(parseChildTask('{"kind":"open","vault":"/v","dataDir":"/d","question":"q?"}')).toMatchObject({
      question: 'q?',
    });
    expect(() => parseChildTask(undefined)).toThrow(/missing task/);
    expect(() => parseChildTask('{"kind":"open","vault":"/v","dataDir":"/d"}')).toThrow(/"question"/);
    expect(() => parseChildTask('{"kind":"warm"}')).toThrow(/unknown task kind/);
  });

  it('returns the JSON on the child last stdout line', async () => {
    const script = await fakeScript();
    const task = { kind: 'cold', vault: '/v', dataDir: '/d' } as const;
    expect(await spawnChild(script, task)).toEqual({ echoed: task });
  });

  it('fails with the child stderr when it exits non-zero', async () => {
    const script = await fakeScript();
    await expect(spawnChild(script, { kind: 'cold', vault: 'fail', dataDir: '/d' })).rejects.toThrow(
      /exited with 1: boom/,
    );
  });
});
