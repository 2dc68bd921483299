// The worksheet and the header row are the engineer's to choose (the command line's --sheet and
// --header-row): a vendor workbook whose devices sit on its second worksheet, below title rows, is found
// as a run finds it; another worksheet or another header row is read again by the server, each with what
// it lacks said; the check reads the rows as chosen.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/paths.js';
import { browserOrSkip, dropSheet, openPage, SAMPLE_DATA, screenshot } from './harness.js';

const WORKBOOK = join(ROOT, 'fixtures', 'vendor-workbook.xlsx');

test('the worksheet and the header row can be chosen, and the check reads the rows as chosen', async (t) => {
  const browser = browserOrSkip(t);
  if (browser === undefined) return;
  const { page } = await openPage(t, browser, { simulator: { data: SAMPLE_DATA } });
  await dropSheet(page, WORKBOOK, 'vendor-workbook.xlsx');
  const info = page.locator('#sheet-info');
  const check = page.getByRole('button', { name: 'Check every row' });
  const worksheet = page.getByLabel('Worksheet');
  const headerRow = page.getByLabel('Header row');
  // Found as a run finds it: the worksheet with the header, below its title rows.
  await info.filter({ hasText: 'worksheet "Devices" · header on row 4' }).waitFor();
  assert.deepEqual(await worksheet.locator('option').allInnerTexts(), ['Cover', 'Devices']);
  assert.equal(await page.getByLabel('Field of column Device ID').inputValue(), 'device');
  assert.equal(await page.getByLabel('Field of column Ship Date').inputValue(), '', 'an unused column is shown, not read');

  // The cover sheet has no such header: said, and nothing can be checked from it.
  await worksheet.selectOption('Cover');
  await info.filter({ hasText: 'worksheet "Cover"' }).waitFor();
  await page.locator('#sheet-problem', { hasText: /found no header row with the required columns/ }).waitFor();
  await screenshot(page, '12-cover-sheet');
  assert.equal(await check.isDisabled(), true);

  await worksheet.selectOption('Devices');
  await info.filter({ hasText: 'worksheet "Devices" · header on row 4' }).waitFor();
  // A title row taken as the header: its "columns" are shown, with what is missing; no check.
  await headerRow.fill('2');
  await headerRow.press('Tab');
  await info.filter({ hasText: 'header on row 2' }).waitFor();
  await page.locator('#missing', { hasText: /^Still missing: a customer column/ }).waitFor();
  // In the page's words: its own field, not the command line's option.
  assert.match(await page.locator('#missing').innerText(), /or "Customer for rows without one"; .* or "Profile for rows without one"\.$/);
  assert.doesNotMatch(await page.locator('#missing').innerText(), /--customer|--policy/);
  assert.equal(await check.isDisabled(), true);
  assert.equal(await page.getByLabel('Field of column Device ID').count(), 0);
  await screenshot(page, '13-header-row-2');

  await headerRow.fill('4');
  await headerRow.press('Tab');
  await info.filter({ hasText: 'header on row 4' }).waitFor();
  await page.getByLabel('Field of column Device ID').waitFor();
  assert.equal(await check.isDisabled(), false);
  await check.click();
  // Offline (not signed in), as the fixture's table says: 8 to send, 3 invalid.
  await page.locator('#counts button', { hasText: '3 invalid' }).waitFor();
  assert.match(await page.locator('#counts').innerText(), /8 to send/);
  // The rows come in their own request after the counts: waited for, not read at once.
  await page.locator('#matched', { hasText: /^11 rows$/ }).waitFor();
});
