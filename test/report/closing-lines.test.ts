// What a person reads at the end of a run and on the way, in every case: one of each and several of each
// (plurals), a run that finished, stopped, was a dry run or was interrupted (the closing title), and
// reasons that keep the serial, name or ID they are about, with their example rows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PassThrough } from 'node:stream';
import { closingTitle, printSummary } from '../../src/report/closing.js';
import { reasonLines, shorten, type ConsoleRow } from '../../src/report/reason-lines.js';
import { headline } from '../../src/report/report.js';
import { plural } from '../../src/text/plural.js';
import type { RowResult, Status } from '../../src/model.js';
import type { RunSummary } from '../../src/results/run-summary.js';

const C1 = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';

function summary(over: Partial<RunSummary> = {}): RunSummary {
  const byStatus: Record<Status, number> = { applied: 0, accepted: 0, unchanged: 0, failed: 0, invalid: 0, duplicate: 0, planned: 0, 'not-sent': 0 };
  return {
    tool: 'device-policy', version: '0.1.0', command: 'apply', dryRun: false, input: 'devices.xlsx', inputSha256: '', output: 'devices.results.xlsx',
    rows: 0, byStatus: { ...byStatus, ...over.byStatus }, customers: 1, requests: 1, batchJobs: 1, throttled: 0, retries: 0, recovered: 0,
    correlationId: 'x', endpoint: 'https://api.partnercenter.microsoft.com', startedAt: '', finishedAt: '', exitCode: 0, options: {}, perCustomer: [],
    ...over,
  } satisfies RunSummary;
}

function printed(s: RunSummary, attention: ConsoleRow[] = []): string {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  printSummary(out, s, false, { attention, files: [['Results', s.output]] });
  return text;
}

const invalid = (row: number, detail: string, device = ''): ConsoleRow => ({ device, result: { row, status: 'invalid', detail } satisfies RowResult });

describe('the closing title says how the run ended', () => {
  const cases: Array<[string, Partial<RunSummary>, string]> = [
    ['a run that finished', { exitCode: 0 }, 'Done'],
    ['a run with rows to fix', { exitCode: 1 }, 'Done'],
    ['a dry run', { dryRun: true }, 'Dry run'],
    ['a run the endpoint stopped', { exitCode: 2, stoppedBecause: 'cannot reach api.example.com: the name is not known (DNS)' }, 'Stopped'],
    ['a dry run whose lookups stopped', { dryRun: true, exitCode: 2, stoppedBecause: 'sign-in was refused (HTTP 401)' }, 'Dry run stopped'],
    ['an interrupted run', { exitCode: 130 }, 'Interrupted'],
  ];
  for (const [name, over, title] of cases) {
    test(name, () => {
      assert.equal(closingTitle(summary(over)), title);
      const text = printed(summary(over));
      assert.match(text, new RegExp(`^${title}: devices\\.xlsx$`, 'm'));
      if (over.stoppedBecause !== undefined) {
        assert.ok(text.includes(`\nCause: ${over.stoppedBecause}\n`), text);
        assert.doesNotMatch(text, /^Done/m, 'a stopped run never reads "Done"');
      }
    });
  }
});

describe('counts read right with one and with several', () => {
  const cases: Array<[string, string, string]> = [
    [plural(1, 'row'), '1 row', 'a row'],
    [plural(2, 'row'), '2 rows', 'rows'],
    [plural(1, 'device batch', 'device batches'), '1 device batch', 'a batch'],
    [plural(1234, 'device'), '1,234 devices', 'thousands'],
    [headline(summary({ byStatus: { ...summary().byStatus, applied: 1 } })), '1 device applied, 0 failed, 0 pending, 0 not sent, 0 invalid', 'one device applied'],
    [headline(summary({ byStatus: { ...summary().byStatus, applied: 2, failed: 1 } })), '2 devices applied, 1 failed, 0 pending, 0 not sent, 0 invalid', 'two applied'],
    [headline(summary({ dryRun: true, byStatus: { ...summary().byStatus, planned: 1 } })), '1 device would be sent, 0 invalid', 'one planned'],
    [reasonLines([invalid(7, 'Policy ID is not a GUID')]), 'Needs attention:\n  1 invalid: Policy ID is not a GUID (row 7)\n', 'one row'],
    [reasonLines([invalid(9, 'Policy ID is not a GUID'), invalid(7, 'Policy ID is not a GUID')]), 'Needs attention:\n  2 invalid: Policy ID is not a GUID (rows 7, 9)\n', 'two rows, in row order'],
  ];
  for (const [actual, expected, name] of cases) test(name, () => assert.equal(actual, expected));

  test('more rows than shown, and more reasons than shown', () => {
    const rows = Array.from({ length: 7 }, (_, i) => invalid(i + 2, 'Policy ID is not a GUID'));
    assert.match(reasonLines(rows), /\(rows 2, 3, 4, 5, 6 and 2 more\)/);
    const kinds = ['a', 'b', 'c', 'd', 'e', 'f'].map((k, i) => invalid(i + 2, `reason ${k} here`));
    assert.match(reasonLines(kinds), /and 1 more reason: every row is in the results file\n$/);
    assert.match(reasonLines([...kinds, invalid(20, 'reason g here')]), /and 2 more reasons: every row is in the results file\n$/);
  });
});

describe('each reason keeps the serial, name or ID it is about', () => {
  const notFound = (row: number, serial: string, customer = C1): ConsoleRow =>
    invalid(row, `no device with serial number "${serial}" among customer ${customer}'s 118 registered devices (in 2 device batches); check the value against the device, or register the device first`, serial);

  test('one row: every value in the text', () => {
    assert.equal(
      reasonLines([notFound(7, 'PF3X00007')]),
      `Needs attention:\n  1 invalid: no device with serial number "PF3X00007" among customer ${C1}'s 118 registered devices (in 2 device batches); check the value against the device, or register the device first (row 7)\n`,
    );
  });

  test('several rows: what they share in the text, what differs beside each row', () => {
    const text = reasonLines([notFound(9, 'PF3X00009'), notFound(7, 'PF3X00007'), notFound(12, 'PF3X00012')]);
    assert.equal(
      text,
      `Needs attention:\n  3 invalid: no device with serial number … among customer ${C1}'s 118 registered devices (in 2 device batches); check the value against the device, or register the device first (rows 7 "PF3X00007", 9 "PF3X00009", 12 "PF3X00012")\n`,
    );
  });

  test('a profile name the customer lacks: the name, the closest, and a long list cut short', () => {
    const names = ['Contoso - Standard user-driven', 'Contoso - Kiosk', 'Shared', 'Lab', 'Loaner'].map((n) => JSON.stringify(n)).join(', ');
    const line = reasonLines([invalid(16, `customer ${C1} has no policy named "Standard" (did you mean "Contoso - Standard user-driven"?); its policies are ${names}`)]);
    assert.match(line, /has no policy named "Standard" \(did you mean "Contoso - Standard user-driven"\?\); its policies are "Contoso - Standard user-driven", "Contoso - Kiosk", "Shared" and 2 more \(row 16\)/);
  });

  test('a long value is shortened in the middle, so that values still tell apart', () => {
    const long = `"${'A'.repeat(30)}0123456789${'B'.repeat(30)}XYZ"`;
    const cut = shorten(long);
    assert.ok(cut.length < long.length);
    assert.match(cut, /^"A{20}…B{13}XYZ"$/);
    assert.equal(shorten('"short"'), '"short"');
  });

  test('rows left by a stopped run point to the cause said once above, not repeat it', () => {
    const notSent = (row: number): ConsoleRow => ({ device: `dev-${row}`, result: { row, status: 'not-sent', detail: 'not sent: cannot reach api.example.com: refused' } });
    assert.equal(reasonLines([notSent(3), notSent(4)], 'cannot reach api.example.com: refused'), 'Needs attention:\n  2 not-sent: the run stopped (the cause is above) (rows 3, 4)\n');
  });
});
