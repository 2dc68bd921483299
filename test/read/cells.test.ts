import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellText, type CellText } from '../../src/read/cells.js';

// What exceljs's streaming reader hands over for each kind of cell, and what the user saw in Excel.
const cases: { name: string; value: unknown; expected: CellText }[] = [
  { name: 'empty', value: null, expected: { text: '', numeric: false } },
  { name: 'missing', value: undefined, expected: { text: '', numeric: false } },
  { name: 'text, trimmed', value: '  9993-8627  ', expected: { text: '9993-8627', numeric: false } },
  { name: 'small integer', value: 48213377, expected: { text: '48213377', numeric: true } },
  { name: 'decimal', value: 1.5, expected: { text: '1.5', numeric: true } },
  { name: 'integer beyond 2^53, as Excel shows it', value: 9993862736086844, expected: { text: '9.99386E+15', numeric: true } },
  { name: 'round huge integer', value: 1e20, expected: { text: '1E+20', numeric: true } },
  { name: 'boolean', value: true, expected: { text: 'TRUE', numeric: false } },
  { name: 'date', value: new Date(Date.UTC(2024, 2, 5)), expected: { text: '2024-03-05', numeric: false } },
  { name: 'date and time', value: new Date(Date.UTC(2024, 2, 5, 13, 30)), expected: { text: '2024-03-05T13:30:00', numeric: false } },
  { name: 'date a hair off a whole second', value: new Date(Date.UTC(2024, 2, 5, 13, 29, 59, 999)), expected: { text: '2024-03-05T13:30:00', numeric: false } },
  {
    name: 'rich text',
    value: { richText: [{ text: '15A04610-', font: { bold: true } }, { text: '9229-4e80-94e0-0e826a09c9e2 ' }] },
    expected: { text: '15A04610-9229-4e80-94e0-0e826a09c9e2', numeric: false },
  },
  { name: 'hyperlink', value: { text: 'PF3KX9QZ', hyperlink: 'https://example.com/PF3KX9QZ' }, expected: { text: 'PF3KX9QZ', numeric: false } },
  { name: 'hyperlink with rich text', value: { text: { richText: [{ text: 'PF3' }, { text: 'KX9QZ' }] }, hyperlink: 'x' }, expected: { text: 'PF3KX9QZ', numeric: false } },
  { name: 'formula, text result', value: { formula: 'LOWER(A1)', result: ' abc ' }, expected: { text: 'abc', numeric: false } },
  { name: 'formula, numeric result', value: { formula: 'A1*2', result: 14 }, expected: { text: '14', numeric: true } },
  { name: 'shared-formula clone', value: { formula: '', result: 'y' }, expected: { text: 'y', numeric: false } },
  { name: 'shared formula', value: { sharedFormula: 'C5', result: 'z' }, expected: { text: 'z', numeric: false } },
  { name: 'formula without a cached result', value: { formula: 'A1' }, expected: { text: '', numeric: false } },
  { name: 'formula whose result was an error', value: { formula: 'A1', result: Number.NaN }, expected: { text: '', numeric: false } },
  { name: 'error value', value: { error: '#N/A' }, expected: { text: '#N/A', numeric: false } },
];

for (const c of cases) {
  test(`cellText: ${c.name}`, () => {
    assert.deepEqual(cellText(c.value), c.expected);
  });
}
