// The page at each step, checked by axe-core (the rules of WCAG 2.1 A and AA that can be checked by
// machine): no serious or critical violation. And it can be worked from the keyboard: the file chooser,
// the mapping and the buttons are reached with Tab.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserOrSkip, dropSheet, openPage, SAMPLE_DATA, signIn, VENDOR_SHEET } from './harness.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

async function seriousViolations(page: Page): Promise<string[]> {
  // Strings, not functions: they run in the page, whose types (the DOM's) these tests do not compile against.
  if ((await page.evaluate("typeof axe")) === 'undefined') await page.addScriptTag({ path: AXE });
  const rules = JSON.stringify({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  const violations = (await page.evaluate(`axe.run(document, ${rules}).then((result) => result.violations)`)) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('no serious accessibility violation at any step, and the steps are reached from the keyboard', async (t) => {
  const browser = browserOrSkip(t);
  if (browser === undefined) return;
  // axe-core's script is let in past the page's Content-Security-Policy (which admits only the page's own).
  const { page } = await openPage(t, browser, { simulator: { data: SAMPLE_DATA }, bypassCSP: true });
  await page.getByRole('heading', { name: /Sheet/ }).waitFor();
  assert.deepEqual(await seriousViolations(page), [], 'the empty page');

  // The file chooser is the first thing Tab reaches after the skip link and the sign-in.
  const reached: string[] = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    reached.push(String(await page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")));
  }
  assert.ok(reached.includes('file'), `Tab reached: ${reached.join(', ')}`);

  await dropSheet(page, VENDOR_SHEET, 'vendor-serials.xlsx');
  await page.getByLabel('Field of column Serial Number').waitFor();
  assert.deepEqual(await seriousViolations(page), [], 'the columns');

  await signIn(page);
  // The check is started from the keyboard.
  await page.getByRole('button', { name: 'Check every row' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#counts button', { hasText: 'invalid' }).waitFor();
  await page.locator('#rows tr').first().waitFor();
  assert.deepEqual(await seriousViolations(page), [], 'the checked rows');

  // From the columns' toggle on, Tab reaches each count (a filter), Apply, the per-customer table, the
  // status filter and the search, in the order they are seen; a count is chosen with the keyboard.
  await page.locator('#columns-toggle').focus();
  const order: string[] = [];
  for (let i = 0; i < 16 && !order.includes('search'); i++) {
    await page.keyboard.press('Tab');
    order.push(String(await page.evaluate("document.activeElement.id || document.activeElement.dataset.status || document.activeElement.tagName")));
  }
  assert.deepEqual(order, ['invalid', 'planned', 'unchanged', 'duplicate', 'apply', 'SUMMARY', 'status-filter', 'search']);
  await page.locator('#counts button[data-status="invalid"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('#matched', { hasText: /^6 of 43 rows match/ }).waitFor();
  await page.getByLabel('Search').focus();
  await page.keyboard.type('cut short');
  await page.locator('#matched', { hasText: /^1 of 43 rows match/ }).waitFor();
});
