import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeGuid } from '../../src/validate/guid.js';

const cases = [
  { text: 'c7f3c849-129f-4b85-a96d-4f8e88b315a3', expected: 'c7f3c849-129f-4b85-a96d-4f8e88b315a3' },
  { text: 'C7F3C849-129F-4B85-A96D-4F8E88B315A3', expected: 'c7f3c849-129f-4b85-a96d-4f8e88b315a3' },
  { text: '{c7f3c849-129f-4b85-a96d-4f8e88b315a3}', expected: 'c7f3c849-129f-4b85-a96d-4f8e88b315a3' },
  { text: '  {C7F3C849-129F-4B85-A96D-4F8E88B315A3} ', expected: 'c7f3c849-129f-4b85-a96d-4f8e88b315a3' },
  // A half-bracketed GUID is a copy-and-paste slip, not a spelling to guess at.
  { text: '{c7f3c849-129f-4b85-a96d-4f8e88b315a3', expected: undefined },
  { text: 'c7f3c849129f4b85a96d4f8e88b315a3', expected: undefined },
  { text: 'c7f3c849-129f-4b85-a96d-4f8e88b315a', expected: undefined },
  { text: 'g7f3c849-129f-4b85-a96d-4f8e88b315a3', expected: undefined },
  { text: 'acme-corp', expected: undefined },
  { text: '', expected: undefined },
] satisfies Array<{ text: string; expected: string | undefined }>;

for (const { text, expected } of cases) {
  test(`normalizeGuid(${JSON.stringify(text)}) → ${expected ?? 'undefined'}`, () => {
    assert.equal(normalizeGuid(text), expected);
  });
}
