// The signals of `status`, sent to a stand-in for the process so the test sees the exit without dying.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mock, test } from 'node:test';
import { interruptions, STATUS_MESSAGES, type SignalHost } from '../src/interrupt.js';

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
