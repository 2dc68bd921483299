// Planning `--register` uploads (SPEC §2 Registration): what each device sends, which rows cannot be
// registered and why, one upload per device, and the create-then-add chunking per customer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asAddition, planUploads, type RegistrationCandidate } from '../../src/register/plan-uploads.js';
import { registrationOf } from '../../src/register/registration.js';

const A = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const B = '0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9';

test('each device sends only what its row has, the hash without the whitespace a sheet wrapped it with', () => {
  const cases = [
    [{ hardwareHash: ' T0Hz\nAgEA ', serial: 'SN1' }, { hardwareHash: 'T0HzAgEA', serialNumber: 'SN1' }],
    [{ productKey: 'PK-1', model: '' }, { productKey: 'PK-1' }],
    [{ serial: 'SN2', manufacturer: 'HP', model: 'EliteBook 840' }, { serialNumber: 'SN2', manufacturer: 'HP', model: 'EliteBook 840' }],
    [
      { hardwareHash: 'H', productKey: 'P', serial: 'S', manufacturer: 'M', model: 'X' },
      { hardwareHash: 'H', productKey: 'P', serialNumber: 'S', manufacturer: 'M', model: 'X' },
    ],
  ] as const;
  for (const [fields, device] of cases) {
    const r = registrationOf(fields);
    assert.ok(r.ok, JSON.stringify(fields));
    assert.deepEqual(r.device, device);
  }
});

test('a row that nothing identifies is refused, saying what is missing', () => {
  const cases = [
    [{}, /^cannot be registered: no hardware hash, no product key and no serial number \(registering needs/],
    [{ serial: 'SN1' }, /serial number "SN1" has no manufacturer and model/],
    [{ serial: 'SN1', manufacturer: 'HP' }, /serial number "SN1" has no model \(/],
    [{ serial: 'SN1', model: 'X', hardwareHash: '  ' }, /serial number "SN1" has no manufacturer \(/],
  ] as const;
  for (const [fields, detail] of cases) {
    const r = registrationOf(fields);
    assert.ok(!r.ok, JSON.stringify(fields));
    assert.match(r.detail, detail);
  }
});

const row = (index: number, customer: string, fields: Partial<RegistrationCandidate> = {}): RegistrationCandidate => ({
  index,
  rowNumber: index + 2,
  customer,
  serial: `SN${index}`,
  manufacturer: 'Contoso',
  model: 'X1',
  ...fields,
});

test('per customer: the first chunk creates the batch, later chunks add to it; a customer that has the batch only adds', () => {
  const rows = [row(0, A), row(1, B), row(2, A), row(3, A), row(4, B), row(5, A), row(6, A)];
  const plan = planUploads(rows, { chunkSize: 2, batch: 'vendor-2025', existingBatch: (c, b) => (c === B ? b : undefined) });
  assert.deepEqual(
    plan.creates.map((u) => [u.id, u.op, u.batch, u.items.map((i) => i.index)]),
    [[`${A}#register1`, 'create', 'vendor-2025', [0, 2]]],
  );
  assert.deepEqual(
    plan.adds.map((u) => [u.customer, u.op, u.items.map((i) => i.index)]),
    [
      [A, 'add', [3, 5]],
      [A, 'add', [6]],
      [B, 'add', [1, 4]],
    ],
  );
  assert.deepEqual(plan.perCustomer, [
    { customer: A, batch: 'vendor-2025', newBatch: true, devices: 5, requests: 3 },
    { customer: B, batch: 'vendor-2025', newBatch: false, devices: 2, requests: 1 },
  ]);
  assert.deepEqual(asAddition(plan.creates[0]!).op, 'add');
});

test('the same device twice for a customer is uploaded once; the same device for another customer is its own upload', () => {
  const rows = [
    row(0, A, { hardwareHash: 'HASH-1', serial: 'S-a' }),
    row(1, A, { hardwareHash: 'HASH-1', serial: 'S-b' }),
    row(2, B, { hardwareHash: 'HASH-1', serial: undefined }),
    row(3, A, { serial: undefined, productKey: 'pk-9', hardwareHash: undefined }),
    row(4, A, { serial: undefined, productKey: 'PK-9', hardwareHash: undefined }),
    row(5, A, { serial: 'sn5', manufacturer: 'contoso', model: 'x1' }),
    row(6, A, { serial: 'SN5', manufacturer: 'Contoso', model: 'X1' }),
    row(7, A, { serial: 'SN7', manufacturer: undefined }),
  ];
  const plan = planUploads(rows, { chunkSize: 100, batch: 'b', existingBatch: () => undefined });
  assert.deepEqual(
    plan.outcomes.map((o) => (o.kind === 'same-device' ? `${o.index}=${o.sameAs}` : `${o.index}:${o.kind}`)),
    ['0:upload', '1=0', '2:upload', '3:upload', '4=3', '5:upload', '6=5', '7:invalid'],
  );
  assert.deepEqual(plan.creates.map((u) => u.items.map((i) => i.label)), [['S-a', 'pk-9', 'sn5'], ['hash HASH-1…']]);
  assert.equal(plan.adds.length, 0);
});

test('nothing to register plans nothing; a bad chunk size or an empty batch name is refused', () => {
  assert.deepEqual(planUploads([], { chunkSize: 5, batch: 'b', existingBatch: () => undefined }), { outcomes: [], creates: [], adds: [], perCustomer: [] });
  assert.throws(() => planUploads([], { chunkSize: 0, batch: 'b', existingBatch: () => undefined }), RangeError);
  assert.throws(() => planUploads([], { chunkSize: 1, batch: ' ', existingBatch: () => undefined }), RangeError);
});

test('a row\'s own batch (the sheet\'s Group Tag / Batch column) wins over --batch; names that differ only in case are one batch', () => {
  const rows = [
    row(0, A, { batch: 'Microsoft365Managed_Standard' }),
    row(1, A),
    row(2, A, { batch: 'microsoft365managed_standard' }),
    row(3, B, { batch: 'Kiosks' }),
    row(4, A, { batch: '  ' }),
  ];
  const plan = planUploads(rows, { chunkSize: 10, batch: 'shipment-12', existingBatch: () => undefined });
  assert.deepEqual(
    plan.creates.map((u) => [u.customer, u.batch, u.items.map((i) => i.index)]),
    [
      [A, 'Microsoft365Managed_Standard', [0, 2]],
      [A, 'shipment-12', [1, 4]],
      [B, 'Kiosks', [3]],
    ],
  );
  assert.deepEqual(plan.creates.map((u) => u.id), [`${A}#register1`, `${A}#register2`, `${B}#register1`], 'ids count per customer across its batches');
});

test('a batch the customer has under another case is added to under its own name: creating is never tried for a name that exists', () => {
  const listed = new Map([[A, 'Contoso Q3']]);
  const existingBatch = (c: string, b: string): string | undefined => (listed.get(c)?.toLowerCase() === b.toLowerCase() ? listed.get(c) : undefined);
  const plan = planUploads([row(0, A, { batch: 'CONTOSO q3' }), row(1, A, { batch: 'contoso Q3' }), row(2, B, { batch: 'contoso q3' })], { chunkSize: 10, batch: 'x', existingBatch });
  assert.deepEqual(plan.adds.map((u) => [u.customer, u.batch, u.op, u.items.map((i) => i.index)]), [[A, 'Contoso Q3', 'add', [0, 1]]]);
  assert.deepEqual(plan.creates.map((u) => [u.customer, u.batch]), [[B, 'contoso q3']]);
  assert.deepEqual(plan.perCustomer.map((c) => [c.customer, c.batch, c.newBatch]), [[A, 'Contoso Q3', false], [B, 'contoso q3', true]]);
});
