// The whole flow in a real browser, as an onboarding engineer goes through it: the vendor's sheet
// dropped, its columns shown, every row checked with the invalid ones visible before anything is sent,
// applied with live progress, the results downloaded and read back, the devices' outcomes waited for.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readResultsFile } from '../../src/record/results-file.js';
import { browserOrSkip, dropSheet, openPage, SAMPLE_DATA, screenshot, signIn, VENDOR_SHEET } from './harness.js';

test('a vendor sheet goes from drop to downloaded results, its invalid rows shown before anything is sent', async (t) => {
  const browser = browserOrSkip(t);
  if (browser === undefined) return;
  const run = await openPage(t, browser, { simulator: { data: SAMPLE_DATA, jobStepMs: 100 } });
  const { page, sim } = run;
  await page.getByRole('heading', { name: /Sheet/ }).waitFor();
  await screenshot(page, '01-start');

  await dropSheet(page, VENDOR_SHEET, 'vendor-serials.xlsx');
  // Each column with the field it is read as; the hash column is recognised by its header.
  const serial = page.getByRole('row', { name: /Serial Number/ });
  await assert.doesNotReject(serial.waitFor());
  assert.equal(await page.getByLabel('Field of column Serial Number').inputValue(), 'serial');
  assert.equal(await page.getByLabel('Field of column Hardware Hash').inputValue(), 'hardwareHash');
  await screenshot(page, '02-columns');

  await signIn(page);
  await page.getByRole('button', { name: 'Check every row' }).click();
  await page.locator('#table-title', { hasText: 'Check' }).waitFor();
  await page.locator('#counts button', { hasText: 'invalid' }).waitFor();
  // Once checked, the columns fold away and the rows come first.
  await page.locator('#choices').waitFor({ state: 'hidden' });
  // Nothing was sent by the check: the simulator saw lookups only.
  assert.deepEqual(sim.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`), []);
  await screenshot(page, '03-check');
  // Counts per customer, by the names the sheet gives them.
  await page.locator('#customers-box summary').click();
  const perCustomer = await page.locator('#customers tr').allInnerTexts();
  assert.deepEqual(perCustomer.map((r) => r.split('\t')[0]?.replace(/ [0-9a-f-]{36}$/, '')).sort(), ['Contoso Ltd', 'Fabrikam Inc']);
  assert.equal(perCustomer.reduce((sum, r) => sum + Number(r.split('\t')[1]), 0), 43);

  // The invalid rows, each with why, before anything is sent.
  await page.locator('#counts button', { hasText: 'invalid' }).click();
  await page.locator('#matched', { hasText: /^6 of 43 rows match/ }).waitFor();
  const invalid = page.locator('#rows tr');
  assert.equal(await invalid.count(), 6, (await invalid.allInnerTexts()).join("\n"));
  assert.match(await invalid.allInnerTexts().then((rows) => rows.join('\n')), /no policy named "Contoso - Standard user driven"/);
  await screenshot(page, '04-invalid-rows');
  // Search narrows further, within the status chosen.
  await page.getByLabel('Search').fill('cut short');
  await page.locator('#matched', { hasText: /^1 of 43 rows match/ }).waitFor();
  assert.match(await invalid.first().innerText(), /^37\b/);
  await screenshot(page, '04-search');
  await page.getByLabel('Search').fill('');
  await page.locator('#counts button', { hasText: 'invalid' }).click();

  const apply = page.getByRole('button', { name: /^Apply: send 35 rows/ });
  await apply.click();
  await page.locator('#table-title', { hasText: 'Results' }).waitFor();
  await page.locator('#counts button', { hasText: '35 accepted' }).waitFor();
  await screenshot(page, '05-results');

  // The results workbook, downloaded as a browser does, holds every row with its outcome.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Results workbook/ }).click()]);
  assert.equal(download.suggestedFilename(), 'vendor-serials.results.xlsx');
  mkdirSync(join(run.folder, '..', 'downloads'));
  const saved = join(run.folder, '..', 'downloads', 'vendor-serials.results.xlsx');
  await download.saveAs(saved);
  const results = await readResultsFile(saved);
  assert.equal(results.rows.length, 43);
  const counts = new Map<string, number>();
  for (const r of results.rows) counts.set(r.result.status, (counts.get(r.result.status) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(counts), { accepted: 35, invalid: 6, unchanged: 1, duplicate: 1 });
  assert.equal(sim.requests.filter((r) => r.method === 'PATCH').length, results.summary?.requests);
  // The report and the failures file are offered too.
  const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Report for the ticket/ }).click()]);
  const reportFile = join(run.folder, '..', 'downloads', report.suggestedFilename());
  await report.saveAs(reportFile);
  assert.match(readFileSync(reportFile, 'utf8'), /Contoso Ltd[\s\S]*no policy named "Contoso - Standard user driven"/);
  assert.equal(await page.getByRole('link', { name: /^Rows to fix/ }).count(), 1);

  // Later, the engineer comes back with the results file: dropped on the page, it is continued. The
  // devices' outcomes, as status --wait records them, update its rows.
  await dropSheet(page, saved, 'vendor-serials.results.xlsx');
  await page.locator('#table-title', { hasText: 'Results' }).waitFor();
  await page.locator('#counts button', { hasText: '35 accepted' }).waitFor();
  await page.getByRole('button', { name: 'Wait for device outcomes' }).click();
  await page.locator('#counts button', { hasText: /applied/ }).waitFor();
  await page.locator('#run-advice', { hasText: /^Done: every device has its outcome/ }).waitFor();
  await screenshot(page, '06-outcomes');
  const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Results workbook/ }).click()]);
  assert.equal(again.suggestedFilename(), 'vendor-serials.results.xlsx');
  await again.saveAs(saved);
  const tracked = await readResultsFile(saved);
  assert.equal(tracked.rows.length, 43);
  assert.ok(tracked.rows.some((r) => r.result.status === 'applied'), 'rows applied once their devices succeeded');
  assert.ok(tracked.rows.every((r) => r.result.status !== 'accepted' || r.result.deviceStatus === 'pending'));
  // The server never printed the bearer token; the page asked nothing of any other server (no CDN).
  assert.doesNotMatch(run.stderr(), /ui-test-token/);
  assert.deepEqual(run.elsewhere, []);
});
