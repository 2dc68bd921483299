// An earlier run's results file, dropped on the page, is continued as `apply` continues a results file
// given back: its rows as they stand first, then a check that keeps the accepted rows as they are, and an
// Apply that sends only the rows the earlier run did not get through.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { devices, registered, writeDeviceCsv } from '../apply/inputs.js';
import { browserOrSkip, dropSheet, openPage, screenshot, signIn } from './harness.js';

/** The device IDs of the update requests the service accepted. */
function acceptedDevices(requests: ReadonlyArray<{ method: string; status?: number; body?: unknown }>): string[] {
  return requests
    .filter((r) => r.method === 'PATCH' && r.status === 202)
    .flatMap((r) => (r.body as { Devices: Array<{ Id: string }> }).Devices.map((d) => d.Id));
}

test('an earlier results file dropped on the page is continued: only its rows not sent are sent', async (t) => {
  const browser = browserOrSkip(t);
  if (browser === undefined) return;
  const lines = devices(400, 2);
  const run = await openPage(t, browser, { simulator: { data: registered(lines) } });
  const { page, sim } = run;
  const dir = join(run.folder, '..');
  await dropSheet(page, writeDeviceCsv(dir, lines, 'order.csv'), 'order.csv');
  await signIn(page);
  await page.getByRole('button', { name: 'Check every row' }).click();
  // The service takes the first request, then refuses the sign-in: sending stops, the rest is not sent.
  sim.setOptions({ failNextRequests: [{ kind: 'delay', method: 'PATCH', ms: 0 }, { kind: 'error', method: 'PATCH', status: 401 }] });
  await page.getByRole('button', { name: /^Apply: send 400 rows/ }).click();
  await page.locator('#counts button', { hasText: 'not sent' }).waitFor();
  await page.locator('#table-summary', { hasText: /stopped: sign-in was refused/ }).waitFor();
  const counts = await page.locator('#counts').innerText();
  const notSent = Number(/([\d,]+) not sent/.exec(counts)?.[1]?.replace(',', ''));
  const accepted = Number(/([\d,]+) accepted/.exec(counts)?.[1]?.replace(',', ''));
  assert.ok(notSent > 0 && accepted > 0 && notSent + accepted === 400, counts);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Results workbook/ }).click()]);
  mkdirSync(join(dir, 'downloads'));
  const saved = join(dir, 'downloads', 'order.results.xlsx');
  await download.saveAs(saved);
  const sentBefore = acceptedDevices(sim.requests);

  // Later (the sign-in works again), the engineer drops the results file: its rows as they stand.
  await dropSheet(page, saved, 'order.results.xlsx');
  await page.locator('#sheet-info', { hasText: 'the results of an earlier run' }).waitFor();
  await page.locator('#counts button', { hasText: `${notSent} not sent` }).waitFor();
  await page.locator('#run-advice', { hasText: `${notSent} rows failed or not sent` }).waitFor();
  assert.equal(await page.getByRole('button', { name: /^Apply/ }).isDisabled(), true, 'nothing is sent before a check');
  await screenshot(page, '30-results-dropped');

  // The check keeps the accepted rows as they are; Apply sends the others and nothing else.
  await page.getByRole('button', { name: 'Check every row' }).click();
  await page.locator('#table-title', { hasText: 'Check' }).waitFor();
  await page.getByRole('button', { name: `Apply: send ${notSent} rows` }).click();
  await page.locator('#counts button', { hasText: '400 accepted' }).waitFor();
  await screenshot(page, '31-results-continued');
  const sentAfter = acceptedDevices(sim.requests).slice(sentBefore.length);
  assert.equal(sentAfter.length, notSent);
  const before = new Set(sentBefore);
  assert.deepEqual(sentAfter.filter((id) => before.has(id)), [], 'no device accepted earlier was sent again');
  assert.equal(new Set([...sentBefore, ...sentAfter]).size, 400);
});
