import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InternedTexts } from '../../src/text/interned.js';

test('each distinct text gets one number, in the order first seen, and reads back as given', () => {
  const texts = new InternedTexts(['']);
  assert.equal(texts.id(''), 0, 'the texts given first keep their numbers');
  const contoso = texts.id('Contoso');
  assert.equal(contoso, 1);
  assert.equal(texts.id('Fabrikam'), 2);
  assert.equal(texts.id('Contoso'), contoso, 'the same text, the same number');
  assert.equal(texts.id('contoso'), 3, 'case counts');
  assert.deepEqual([0, 1, 2, 3].map((id) => texts.text(id)), ['', 'Contoso', 'Fabrikam', 'contoso']);
  assert.equal(texts.text(99), '', 'a number never given reads as nothing');
});
