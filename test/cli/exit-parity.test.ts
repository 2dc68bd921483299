// apply and status give the same exit code for the same results file (SPEC §2 Exit codes; issue 21: status
// once exited 0 where apply had exited 1). Each case runs apply, then status on the file apply wrote, with
// nothing changing in between, and compares. The pending (3) and needs-attention (1) cases after sending
// are in json-contract.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/start.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { CUSTOMERS, POLICY, registered } from '../apply/inputs.js';

const TOKEN = 'parity-token-2d4c';
const [CONTOSO = ''] = CUSTOMERS;

const cases = [
  // Every device applied, waited for: done.
  { name: 'every device applied (--wait)', bad: false, args: ['--wait', '--wait-timeout', '60'], code: 0 },
  // A row the sheet got wrong, the others applied: the invalid row outweighs everything else.
  { name: 'an invalid row beside applied ones (--wait)', bad: true, args: ['--wait', '--wait-timeout', '60'], code: 1 },
  // Dry runs: nothing to track, so status has only the rows to go by, as apply had.
  { name: 'a dry run with every row valid', bad: false, args: ['--dry-run', '--offline'], code: 0 },
  { name: 'a dry run with an invalid row', bad: true, args: ['--dry-run', '--offline'], code: 1 },
] as const;

for (const c of cases) {
  for (const ext of ['xlsx', 'csv'] as const) {
    test(`${c.name}, ${ext}: apply and status on its results exit ${c.code}`, async (t) => {
      const lines = [1, 2, 3].map((i) => ({ customer: CONTOSO, device: `DEV-${i}`, policy: POLICY }));
      const sim = await startSimulator({ token: TOKEN, jobSteps: 0, data: registered(lines) });
      t.after(() => sim.close());
      const env = { PARTNER_CENTER_TOKEN: TOKEN, PARTNER_CENTER_ENDPOINT: sim.url };
      const dir = tempDir(t);
      const input = join(dir, 'devices.csv');
      const rows = lines.map((l, i) => [l.customer, l.device, c.bad && i === 1 ? 'not-a-guid' : l.policy].join(','));
      writeFileSync(input, `Customer ID,Device ID,Policy ID\r\n${rows.join('\r\n')}\r\n`);
      const out = join(dir, `devices.results.${ext}`);
      const applied = await runCli(['apply', input, '--out', out, '--quiet', ...c.args], { env });
      assert.equal(applied.code, c.code, applied.stderr);
      const status = await runCli(['status', out, '--quiet'], { env });
      assert.equal(status.code, applied.code, `status on the same file: ${status.stderr}`);
    });
  }
}
