// The signals of `status`, sent to a stand-in for the process so the test sees the exit without dying.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mock, test } from 'node:test';
import { GRACE_ENV, graceFrom, interruptions, STATUS_MESSAGES, WRITE_MS, type SignalHost } from '../../src/setup/interrupt.js';

function fakeHost(): SignalHost & { emitter: EventEmitter; exits: number[] } {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  return {
    emitter,
    exits,
    on: (signal, listener) => emitter.on(signal, listener),
    off: (signal, listener) => emitter.off(signal, listener),
    exit: (code) => void exits.push(code),
  };
}

test('first Ctrl-C stops after this round; the requests in flight are abandoned only after the grace period; a second exits 130 at once', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const host = fakeHost();
    let said = '';
    const signals = interruptions({ write: (s: string) => (said += s) }, STATUS_MESSAGES, host, 30_000);
    host.emitter.emit('SIGINT', 'SIGINT');
    assert.equal(signals.stop.aborted, true);
    assert.equal(signals.abort.aborted, false);
    assert.match(said, /SIGINT: stopping after this round and writing what is known/);
    mock.timers.tick(29_999);
    assert.equal(signals.abort.aborted, false);
    mock.timers.tick(1);
    assert.equal(signals.abort.aborted, true);
    assert.deepEqual(host.exits, []);
    host.emitter.emit('SIGTERM', 'SIGTERM');
    assert.deepEqual(host.exits, [130]);
    signals.dispose();
    assert.equal(host.emitter.listenerCount('SIGINT') + host.emitter.listenerCount('SIGTERM'), 0);
  } finally {
    mock.timers.reset();
  }
});

test('a run still going a few seconds after the grace period (something ignored the abort) exits 130 anyway', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const host = fakeHost();
    let said = '';
    const signals = interruptions({ write: (s: string) => (said += s) }, STATUS_MESSAGES, host, 30_000);
    host.emitter.emit('SIGTERM', 'SIGTERM');
    mock.timers.tick(30_000);
    assert.equal(signals.abort.aborted, true);
    assert.match(said, /SIGTERM: 30 s are over; abandoning what is still in flight/);
    mock.timers.tick(WRITE_MS - 1);
    assert.deepEqual(host.exits, []);
    mock.timers.tick(1);
    assert.deepEqual(host.exits, [130]);
    assert.ok(30_000 + WRITE_MS <= 35_000, 'within the 35 s SPEC §2 promises');
    assert.match(said, /still not done 34 s after the signal: exiting now/);
    signals.dispose();
  } finally {
    mock.timers.reset();
  }
});

test('a run that ends within the grace period is not exited by it: dispose clears the timers', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const host = fakeHost();
    const signals = interruptions({ write: () => {} }, STATUS_MESSAGES, host, 30_000);
    host.emitter.emit('SIGINT', 'SIGINT');
    signals.dispose();
    mock.timers.tick(60_000);
    assert.equal(signals.abort.aborted, false);
    assert.deepEqual(host.exits, []);
  } finally {
    mock.timers.reset();
  }
});

test('the grace period can be shortened for tests only through its internal variable, never lengthened', () => {
  assert.equal(graceFrom({}), 30_000);
  assert.equal(graceFrom({ [GRACE_ENV]: '1500' }), 1500);
  assert.equal(graceFrom({ [GRACE_ENV]: '90000' }), 30_000);
  assert.equal(graceFrom({ [GRACE_ENV]: 'soon' }), 30_000);
});
