// A table cell of the Markdown report shows any text as it is, and cannot break the table it is in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cell, table } from '../../src/report/markdown.js';

test('a cell escapes what would end it, open a code span, start a tag, or escape the escape', () => {
  const cases: Array<[string, string]> = [
    ['a|b', 'a\\|b'],
    ['`rm -rf`', '\\`rm -rf\\`'],
    ['two\r\nlines\nand\rthree', 'two lines and three'],
    ['<script>', '&lt;script>'],
    // A value ending in a backslash must not turn the next escaped pipe into a live one.
    ['C:\\path\\|x', 'C:\\\\path\\\\\\|x'],
    ['plain text', 'plain text'],
  ];
  for (const [value, expected] of cases) assert.equal(cell(value), expected, JSON.stringify(value));
});

test('a row whose cells hold pipes, backticks and newlines keeps its column count', () => {
  const md = table(['Device', 'Reason'], [['DEV|1', 'said `no`\n| and more |']]);
  const row = md.split('\n')[2] ?? '';
  // Unescaped pipes are the cell borders: three for two cells.
  assert.equal(row.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1, 3, row);
});
