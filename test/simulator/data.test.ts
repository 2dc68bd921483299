// The data file: loading it, the errors that name a bad field, and changing data while running.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Collection, ConfigurationPolicy } from '../../src/partner-center/wire.js';
import { loadSimulatorData, SimulatorDataError } from '../../src/simulator/data.js';
import { mulberry32 } from '../../src/hardware-hash/random.js';
import { tempDir } from '../helpers/paths.js';
import { DOC_CUSTOMER, get, start } from './harness.js';

const POLICY = { id: '15a04610-9229-4e80-94e0-0e826a09c9e2', name: 'Sales laptops' };

test('startSimulator takes the path of a data file (with or without a BOM)', async (t) => {
  const file = join(tempDir(t), 'data.json');
  writeFileSync(file, `\uFEFF${JSON.stringify({ customers: { [DOC_CUSTOMER]: { policies: [POLICY] } } })}`);
  const sim = await start(t, { data: file });
  const body = (await (await get(sim, `/customers/${DOC_CUSTOMER}/policies`)).json()) as Collection<ConfigurationPolicy>;
  assert.deepEqual(body.items, [POLICY]);
});

const broken: Array<[string, string, RegExp]> = [
  ['not JSON', '{"customers":', /not valid JSON/],
  ['no customers', '{}', /customers must be an object keyed by customer ID, got undefined/],
  ['policies not a list', `{"customers":{"c1":{"policies":{}}}}`, /customers\["c1"\]\.policies must be an array/],
  ['policy without a name', `{"customers":{"c1":{"policies":[{"id":"x"}]}}}`, /policies\[0\] must be an object with string id and name/],
  ['device without an id', `{"customers":{"c1":{"batches":{"b":[{}]}}}}`, /batches\["b"\]\[0\] must be an object with a string id/],
  ['other-tenant devices not strings', '{"customers":{},"otherTenantDevices":[1]}', /otherTenantDevices must be an array of strings/],
];

for (const [name, text, message] of broken) {
  test(`a data file with ${name} is refused, naming the field`, async (t) => {
    const file = join(tempDir(t), 'data.json');
    writeFileSync(file, text);
    await assert.rejects(loadSimulatorData(file), (e: unknown) => {
      assert.ok(e instanceof SimulatorDataError);
      assert.match(e.message, message);
      assert.ok(e.message.startsWith(file));
      return true;
    });
  });
}

test('setOptions with new data changes what is served', async (t) => {
  const sim = await start(t);
  const read = async (): Promise<string[]> =>
    ((await (await get(sim, `/customers/${DOC_CUSTOMER}/policies`)).json()) as Collection<ConfigurationPolicy>).items.map(
      (p) => p.name,
    );
  assert.equal((await read()).length, 2);
  sim.setOptions({ data: { customers: { [DOC_CUSTOMER]: { policies: [POLICY] } } } });
  assert.deepEqual(await read(), ['Sales laptops']);
});

test('mulberry32 is reproducible from its seed and stays in [0, 1)', () => {
  const a = mulberry32(7);
  const b = mulberry32(7);
  const draws = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(Array.from({ length: 1000 }, () => b()), draws);
  assert.ok(draws.every((x) => x >= 0 && x < 1));
  assert.notDeepEqual(Array.from({ length: 5 }, mulberry32(8)), draws.slice(0, 5));
});
