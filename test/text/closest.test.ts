import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { closest, closestNames, didYouMean, editDistance, wordsWithin, wordsOf } from '../../src/text/closest.js';

test('the typos people make are one edit away', () => {
  // Each case: what was typed, what was meant (a swap, a dropped letter, another case and separator).
  const commands = ['apply', 'status', 'template', 'simulator', 'demo'];
  const options = ['--concurrency', '--dry-run', '--per-customer', '--chunk-size'];
  const cases: [string, readonly string[], string][] = [
    ['aply', commands, 'apply'],
    ['stauts', commands, 'status'],
    ['simulater', commands, 'simulator'],
    ['--concurency', options, '--concurrency'],
    ['DRYRUN', options, '--dry-run'],
    ['PER_CUSTOMERS', options, '--per-customer'],
  ];
  for (const [typed, candidates, meant] of cases) assert.equal(closest(typed, candidates)[0], meant, typed);
});

test('nothing is suggested when nothing is close, and the closest comes first', () => {
  assert.deepEqual(closest('xyzzy', ['apply', 'status', 'template']), []);
  assert.deepEqual(closest('', ['apply']), []);
  assert.deepEqual(closest('Contoso Standard', ['Contoso Kiosk', 'Contoso - Standard user-driven', 'Contoso Standrd']), ['Contoso Standrd']);
  assert.deepEqual(closest('statuss', ['stats', 'status']), ['status', 'stats']);
});

test('didYouMean reads as a sentence tail', () => {
  assert.equal(didYouMean('aply', ['apply', 'status']), ' (did you mean "apply"?)');
  assert.equal(didYouMean('stat', ['status', 'state']), ' (did you mean "state" or "status"?)');
  assert.equal(didYouMean('qqq', ['apply']), '');
});

test('the distance is a metric that counts a swap as one edit', () => {
  assert.equal(editDistance('ab', 'ba'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
      const d = editDistance(a, b);
      assert.equal(d, editDistance(b, a));
      assert.ok(d <= Math.max(a.length, b.length));
      assert.equal(d === 0, a === b);
      // A bound never changes an answer within it.
      const bounded = editDistance(a, b, 2);
      assert.equal(d <= 2 ? bounded === d : bounded > 2, true);
    }),
  );
});

test('names people shorten: every word typed within a longer name, when no name is a typo away', () => {
  const profiles = ['Contoso - Standard user-driven', 'Contoso - Kiosk self-deploying', 'Contoso Standard (legacy)'];
  assert.deepEqual(closestNames('Standard user', profiles), ['Contoso - Standard user-driven']);
  assert.deepEqual(closestNames('kiosk', profiles), ['Contoso - Kiosk self-deploying']);
  assert.deepEqual(closestNames('Standard', profiles), ['Contoso Standard (legacy)', 'Contoso - Standard user-driven'], 'shortest first');
  assert.deepEqual(closestNames('Contoso Standrd (legacy)', profiles), ['Contoso Standard (legacy)'], 'a typo first');
  assert.deepEqual(closestNames('Marketing', profiles), []);
  assert.deepEqual(closestNames('user standard', profiles), [], 'the words in their order');
  assert.equal(wordsWithin(wordsOf('std usr'), wordsOf('Standard user')), false, 'two letters are no prefix');
  assert.equal(wordsWithin(wordsOf('stan user'), wordsOf('Contoso - Standard user-driven')), true);
});
