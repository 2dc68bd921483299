// How a run that cannot go on ends: one line and exit 2. A file-system error that no stage put into
// words is still one line naming the file, never a stack trace; a real bug keeps its stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportFatal } from '../../src/cli/fatal.js';

function stderrOf(run: () => number): { code: number; text: string } {
  const write = process.stderr.write.bind(process.stderr);
  let text = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: run(), text };
  } finally {
    process.stderr.write = write;
  }
}

test('a raw file-system error is one line naming the file, in words where there are some', () => {
  const full = Object.assign(new Error("ENOSPC: no space left on device, write '/mnt/x/r.xlsx'"), { code: 'ENOSPC', syscall: 'write', path: '/mnt/x/r.xlsx', errno: -28 });
  assert.deepEqual(stderrOf(() => reportFatal(full)), { code: 2, text: 'device-policy: /mnt/x/r.xlsx: the disk is full (ENOSPC)\n' });
  const io = Object.assign(new Error('EBADF: bad file descriptor, read'), { code: 'EBADF', syscall: 'read' });
  assert.deepEqual(stderrOf(() => reportFatal(io)), { code: 2, text: 'device-policy: EBADF: bad file descriptor, read\n' });
});

test('an error that is no one\'s known kind keeps its stack: it is a bug worth reporting', () => {
  const bug = new TypeError('x is undefined');
  const { code, text } = stderrOf(() => reportFatal(bug));
  assert.equal(code, 2);
  assert.match(text, /^device-policy: unexpected error: TypeError: x is undefined\n\s+at /);
});
