// Stop during a run means what Ctrl-C means on the command line: no new requests, those in flight
// finish, the rows not sent say so, the results are written and the journal kept; Apply again resumes,
// sending only what was not sent, no request twice.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { devices, registered, writeDeviceCsv } from '../apply/inputs.js';
import { browserOrSkip, dropSheet, openPage, screenshot, signIn } from './harness.js';

test('Stop during apply leaves the rest not sent, writes the results, and Apply again resumes', async (t) => {
  const browser = browserOrSkip(t);
  if (browser === undefined) return;
  const lines = devices(2400, 4);
  // Slow answers, so that the run is still sending when Stop is pressed.
  const run = await openPage(t, browser, { simulator: { data: registered(lines), latencyMs: 800 } });
  const { page, sim } = run;
  const sheet = writeDeviceCsv(join(run.folder, '..'), lines, 'big-order.csv');
  await dropSheet(page, sheet, 'big-order.csv');
  await signIn(page);
  await page.getByRole('button', { name: 'Check every row' }).click();
  await page.getByRole('button', { name: /^Apply: send 2,400 rows/ }).click();
  // The first answers are in: the run is sending.
  await page.locator('#progress-text', { hasText: /^Sending: [1-9]/ }).waitFor();
  // Live: rows, accepted, failed, requests and their pace, throttled; and per customer.
  assert.match(await page.locator('#progress-text').innerText(), /^Sending: [\d,]+ of 2,400 rows · [\d,]+ accepted · \d+ failed · \d+ requests? \([\d.]+\/s\) · \d+ throttled/);
  await page.locator('#progress-customers tr').first().waitFor();
  await screenshot(page, '20-sending');
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.locator('#table-title', { hasText: 'Results' }).waitFor();
  await page.locator('#counts button', { hasText: 'not sent' }).waitFor();
  const counts = await page.locator('#counts').innerText();
  const notSent = Number(/([\d,]+) not sent/.exec(counts)?.[1]?.replace(',', ''));
  const accepted = Number(/([\d,]+) accepted/.exec(counts)?.[1]?.replace(',', ''));
  assert.ok(notSent > 0 && accepted > 0, counts);
  assert.equal(notSent + accepted, 2400);
  await page.locator('#notes li', { hasText: /^Stop: no new requests/ }).waitFor();
  await screenshot(page, '21-stopped');
  const patchesAtStop = sim.requests.filter((r) => r.method === 'PATCH').length;

  await page.getByRole('button', { name: 'Apply again (resume)' }).click();
  await page.locator('#counts button', { hasText: '2,400 accepted' }).waitFor();
  // Answered requests, each under its own MS-RequestId (a retry would reuse one; none was needed here).
  const patches = sim.requests.filter((r) => r.method === 'PATCH' && r.status === 202);
  const ids = patches.map((r) => r.headers['ms-requestid']);
  assert.equal(new Set(ids).size, ids.length, 'no request was sent twice');
  assert.ok(patches.length > patchesAtStop);
  assert.equal(await page.locator('#counts button', { hasText: 'not sent' }).count(), 0);
});
