// SPEC §2 Output: off a terminal, progress is plain lines at most every 5 s, the final state is printed
// on stop, and --quiet prints nothing. The clock is injected and the stream is a fake, so the 5 s are
// stepped through rather than waited for.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createProgress, perSecond, type ProgressReporter } from '../../src/progress/progress.js';

interface Sent {
  done: number;
  total: number;
  accepted: number;
}

/** What a log file or CI capture receives: whole lines, in order. */
function fakeStream(): { stream: NodeJS.WriteStream; lines: string[] } {
  const lines: string[] = [];
  const fake = {
    isTTY: false,
    write(chunk: string): boolean {
      lines.push(...chunk.split('\n').filter((l) => l !== ''));
      return true;
    },
  };
  // Only isTTY and write are used off a terminal; the rest of a WriteStream would be noise here.
  return { stream: fake as unknown as NodeJS.WriteStream, lines };
}

function setup(quiet = false): { progress: ProgressReporter<Sent>; lines: string[]; clock: { ms: number }; elapsed: number[] } {
  const { stream, lines } = fakeStream();
  const clock = { ms: 1_000_000 };
  const elapsed: number[] = [];
  const progress = createProgress<Sent>({
    quiet,
    stream,
    label: 'sending',
    unit: 'rows',
    eta: true,
    now: () => clock.ms,
    describe: (p, elapsedMs) => {
      elapsed.push(elapsedMs);
      return { done: p.done, total: p.total, text: `${p.accepted} accepted` };
    },
  });
  return { progress, lines, clock, elapsed };
}

const at = (done: number): Sent => ({ done, total: 100, accepted: done });

describe('plain progress (not a terminal)', () => {
  test('the first state is printed at once, then nothing until 5 s have passed', () => {
    const { progress, lines, clock } = setup();
    progress.update(at(1));
    assert.deepEqual(lines, ['sending: 1/100 rows | 1 accepted']);
    for (const [ms, done] of [[1000, 2], [2500, 3], [4999, 4]] as const) {
      clock.ms = 1_000_000 + ms;
      progress.update(at(done));
    }
    assert.equal(lines.length, 1, 'updates within 5 s of the last line are not printed');
    clock.ms = 1_000_000 + 5000;
    progress.update(at(5));
    assert.deepEqual(lines, ['sending: 1/100 rows | 1 accepted', 'sending: 5/100 rows | 5 accepted']);
  });

  test('the 5 s count from the last line printed, not from the last update', () => {
    const { progress, lines, clock } = setup();
    progress.update(at(1)); // printed at 0 s
    clock.ms += 6000;
    progress.update(at(2)); // printed at 6 s
    clock.ms += 4000;
    progress.update(at(3)); // 10 s: only 4 s after the last line
    clock.ms += 1000;
    progress.update(at(4)); // 11 s: 5 s after it
    assert.deepEqual(lines.map((l) => l.split(' ')[1]), ['1/100', '2/100', '4/100']);
  });

  test('many updates in a burst print one line', () => {
    const { progress, lines } = setup();
    for (let done = 1; done <= 100; done++) progress.update(at(done));
    assert.equal(lines.length, 1);
  });

  test('stop prints the final state when it was held back', () => {
    const { progress, lines, clock } = setup();
    progress.update(at(1));
    clock.ms += 1000;
    progress.update(at(100));
    progress.stop();
    assert.deepEqual(lines, ['sending: 1/100 rows | 1 accepted', 'sending: 100/100 rows | 100 accepted']);
  });

  test('stop prints nothing more when the final state was the last line', () => {
    const { progress, lines, clock } = setup();
    progress.update(at(1));
    clock.ms += 5000;
    progress.update(at(100));
    progress.stop();
    assert.deepEqual(lines, ['sending: 1/100 rows | 1 accepted', 'sending: 100/100 rows | 100 accepted']);
  });

  test('stop before any update prints nothing', () => {
    const { progress, lines } = setup();
    progress.stop();
    assert.deepEqual(lines, []);
  });

  test('a note is printed at once and does not hold back the next state', () => {
    const { progress, lines, clock } = setup();
    progress.note('resuming: 40 rows already accepted');
    progress.update(at(41));
    clock.ms += 100;
    progress.note('throttled: waiting 3 s');
    assert.deepEqual(lines, ['resuming: 40 rows already accepted', 'sending: 41/100 rows | 41 accepted', 'throttled: waiting 3 s']);
  });

  test('describe is told the time since the reporter was created, by the injected clock', () => {
    const { progress, clock, elapsed } = setup();
    clock.ms += 7000;
    progress.update(at(1));
    assert.deepEqual(elapsed, [7000]);
  });
});

test('--quiet prints nothing: no state, no note, nothing on stop', () => {
  const { progress, lines, clock } = setup(true);
  progress.update(at(1));
  clock.ms += 10_000;
  progress.update(at(50));
  progress.note('resuming: 40 rows already accepted');
  progress.update(at(100));
  progress.stop();
  assert.deepEqual(lines, []);
});

/** What cli-progress uses of a terminal: isTTY, its width, and write (cursor moves are escape codes). */
function fakeTerminal(): { terminal: NodeJS.WriteStream; written: () => string } {
  let written = '';
  const terminal = {
    isTTY: true,
    columns: 120,
    write(chunk: string): boolean {
      written += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { terminal, written: () => written };
}

/** A run of 40, a note, then 100 of 100 rows, on `stream` with `env`; what was written. */
function runOn(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): void {
  const progress = createProgress<Sent>({
    quiet: false,
    stream,
    env,
    label: 'sending',
    unit: 'rows',
    eta: false,
    describe: (p) => ({ done: p.done, total: p.total, text: `${p.accepted} accepted` }),
  });
  progress.update(at(40));
  progress.note('resuming: 40 rows already accepted');
  progress.update(at(100));
  progress.stop();
}

test('on a terminal a bar is drawn (cli-progress, loaded for it), with the state and a note on lines of their own', () => {
  const { terminal, written } = fakeTerminal();
  runOn(terminal, { TERM: 'xterm-256color', CI: 'false', NO_COLOR: '' });
  const text = written().replace(/\x1B\[[0-9;?]*[A-Za-z]|\x1B[78]/g, '');
  assert.match(text, /sending \[[█░]+\] 40\/100 rows \| 40 accepted/);
  assert.match(text, /\nresuming: 40 rows already accepted\n/);
  assert.match(text, /sending \[█+\] 100\/100 rows \| 100 accepted\n$/);
});

test('a terminal under CI, NO_COLOR or TERM=dumb gets plain lines: no bar, no escape codes', () => {
  const asked: NodeJS.ProcessEnv[] = [{ CI: 'true' }, { CI: '1' }, { NO_COLOR: '1' }, { NO_COLOR: 'yes', TERM: 'xterm' }, { TERM: 'dumb' }];
  for (const env of asked) {
    const { terminal, written } = fakeTerminal();
    runOn(terminal, env);
    assert.doesNotMatch(written(), /\x1B|█|░/, JSON.stringify(env));
    assert.deepEqual(written().split('\n').filter(Boolean), ['sending: 40/100 rows | 40 accepted', 'resuming: 40 rows already accepted', 'sending: 100/100 rows | 100 accepted'], JSON.stringify(env));
  }
});

test('perSecond: one decimal over the elapsed time, 0.0 before any time has passed', () => {
  const cases = [
    { count: 10, ms: 4000, expected: '2.5' },
    { count: 1, ms: 3000, expected: '0.3' },
    { count: 5, ms: 0, expected: '0.0' },
  ] as const;
  for (const c of cases) assert.equal(perSecond(c.count, c.ms), c.expected, `${c.count} in ${c.ms} ms`);
});
