// A file that is not a sheet, or a workbook cut short, is named on the page with what is wrong, by the
// name the engineer gave it (never the path of the copy the server keeps); nothing can be checked or
// sent from it, and the next sheet dropped on the page is read as usual.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { browserOrSkip, dropSheet, openPage, SAMPLE_DATA, screenshot, VENDOR_SHEET } from './harness.js';

test('a workbook cut short and a file that is no sheet are refused with the reason; a good sheet after them is read', async (t) => {
  const browser = browserOrSkip(t);
  if (browser === undefined) return;
  const run = await openPage(t, browser, { simulator: { data: SAMPLE_DATA } });
  const { page } = run;
  const dir = join(run.folder, '..');

  const cut = join(dir, 'shipment.xlsx');
  writeFileSync(cut, readFileSync(VENDOR_SHEET).subarray(0, 20_000));
  await dropSheet(page, cut, 'shipment.xlsx');
  const problem = page.locator('#sheet-problem');
  await problem.waitFor();
  const said = await problem.innerText();
  assert.match(said, /^shipment\.xlsx: /);
  assert.match(said, /cut short|damaged|cannot read/);
  assert.doesNotMatch(said, new RegExp(run.folder.replaceAll('/', '\\/')));
  assert.equal(await page.getByRole('button', { name: 'Check every row' }).isDisabled(), true);
  await screenshot(page, '10-bad-workbook');

  const image = join(dir, 'photo.png');
  writeFileSync(image, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]));
  await dropSheet(page, image, 'photo.png');
  await page.locator('#sheet-problem', { hasText: /^photo\.png/ }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Check every row' }).isDisabled(), true);
  await screenshot(page, '11-not-a-sheet');

  // Dragged from the file manager and dropped on the page (a drop event, not the file chooser).
  const bytes = readFileSync(VENDOR_SHEET).toString('base64');
  const dropped = await page.evaluateHandle(
    `(() => { const t = new DataTransfer(); t.items.add(new File([Uint8Array.from(atob('${bytes}'), (c) => c.charCodeAt(0))], 'vendor-serials.xlsx')); return t; })()`,
  );
  await page.locator('#drop').dispatchEvent('dragover', { dataTransfer: dropped });
  await page.locator('#drop').dispatchEvent('drop', { dataTransfer: dropped });
  await page.locator('#sheet-info', { hasText: 'vendor-serials.xlsx ·' }).waitFor();
  await page.getByLabel('Field of column Serial Number').waitFor();
  assert.equal(await page.locator('#sheet-problem').isHidden(), true);
  assert.equal(await page.getByRole('button', { name: 'Check every row' }).isDisabled(), false);
});
