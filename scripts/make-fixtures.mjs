#!/usr/bin/env node
// Writes every file under fixtures/ (and fixtures/README.md, which documents them) from the data
// below. Deterministic: a seeded generator for IDs and a pinned clock for the zip timestamps, so that
// re-running it leaves git with nothing to commit unless this script changed.
//
//   node scripts/make-fixtures.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// Hardware hashes are made by the tool's own encoder, so the fixtures hold hashes it reads back.
const ENCODER = join(ROOT, 'dist', 'hardware-hash', 'encode.js');
if (!existsSync(ENCODER)) throw new Error(`${ENCODER} is missing: run npm run build first`);
const { encodeHardwareHash } = await import(ENCODER);
// The same seeded generator the encoder uses, so the fixtures' IDs come out as they always have.
const { mulberry32 } = await import(join(ROOT, 'dist', 'hardware-hash', 'random.js'));
const OUT = join(ROOT, 'fixtures');
const FIXED_TIME = Date.UTC(2024, 2, 5, 9, 30, 0);

pinClock(FIXED_TIME);

// ---------------------------------------------------------------------------------------- ids
const random = mulberry32(20240305);
const pick = (chars, n) => Array.from({ length: n }, () => chars[Math.floor(random() * chars.length)]).join('');
const HEX = '0123456789abcdef';
const DIGITS = '0123456789';
const SERIAL_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const guid = () => `${pick(HEX, 8)}-${pick(HEX, 4)}-4${pick(HEX, 3)}-${pick('89ab', 1)}${pick(HEX, 3)}-${pick(HEX, 12)}`;
/** Partner Center device IDs look like 9993-8627-3608-6844-6369-4361-72. */
const deviceId = () => `${[4, 4, 4, 4, 4, 4, 2].map((n) => pick(DIGITS, n)).join('-')}`;
const serial = (prefix) => `${prefix}${pick(SERIAL_CHARS, 8 - prefix.length)}`;
const MODELS = ['Surface Laptop 5', 'Surface Pro 9', 'ThinkPad X1 Carbon Gen 11', 'ThinkPad T14s Gen 4', 'Latitude 7440', 'EliteBook 840 G10', 'OptiPlex 7010 Micro'];
const model = () => MODELS[Math.floor(random() * MODELS.length)];

// The documented example of SPEC §1, so that the fixtures and the service's own example agree.
const CONTOSO = { name: 'Contoso Ltd', id: 'c7f3c849-129f-4b85-a96d-4f8e88b315a3', policy: '15a04610-9229-4e80-94e0-0e826a09c9e2' };
const FABRIKAM = { name: 'Fabrikam Inc', id: guid(), policy: guid(), kioskPolicy: guid() };
const NORTHWIND = { name: 'Northwind Traders', id: guid(), policy: guid() };
const TAILSPIN = { name: 'Tailspin Toys', id: guid(), policy: guid() };
const WOODGROVE = { name: 'Woodgrove Bank', id: guid(), policy: guid() };
const LITWARE = { name: 'Litware GmbH', id: guid(), policy: guid() };

// ---------------------------------------------------------------------------------------- main
mkdirSync(join(OUT, 'edge'), { recursive: true });
const docs = [];
docs.push(europeanExport());
docs.push(utf16TabExport());
docs.push(await vendorWorkbook());
docs.push(await sampleDevices());
docs.push(...(await edgeCases()));
// Last, and with a generator of its own, so the fixtures above keep their bytes.
docs.push(await vendorSerials());
writeFileSync(join(OUT, 'README.md'), readme(docs));
console.log(`wrote ${docs.length} fixtures and fixtures/README.md`);

// ---------------------------------------------------------------------------------------- CSVs
function europeanExport() {
  const d = Array.from({ length: 7 }, deviceId);
  const s = Array.from({ length: 7 }, () => serial('PF'));
  const lines = [
    'Kunde;Customer Tenant ID;Device ID;Autopilot Profile ID;Serial Number;Bemerkung',
    `Müller GmbH;${LITWARE.id};${d[0]};${LITWARE.policy};${s[0]};Erstlieferung`,
    `"Schmidt; Söhne KG";${WOODGROVE.id};${d[1]};${WOODGROVE.policy};${s[1]};"Lieferung 2; Nachtrag"`,
    `Müller GmbH;${LITWARE.id};${d[2]};${LITWARE.policy};${s[2]};"Zweizeilige\r\nBemerkung"`,
    '',
    `"Schmidt; Söhne KG";{${WOODGROVE.id.toUpperCase()}};${d[3]};${WOODGROVE.policy};${s[3]};Kunden-ID in Klammern`,
    `Müller GmbH;${LITWARE.id};${d[4]};${LITWARE.policy.slice(0, -1)};${s[4]};Profil-ID zu kurz`,
    `Müller GmbH;${LITWARE.id};  ${d[5]}  ;${LITWARE.policy};${s[5]};`,
    `"Schmidt; Söhne KG";${WOODGROVE.id};${d[6]};${WOODGROVE.policy};${s[6]};letzte Zeile`,
  ];
  const file = 'european-export.csv';
  writeFileSync(join(OUT, file), '\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
  return {
    file,
    about:
      'A German vendor export: UTF-8 with BOM, `;` delimiter, CRLF. `Kunde` is the customer *name* and is not mapped ' +
      '(`Customer Tenant ID` is the customer column). Row 3 quotes a field holding `;`; row 4 has a quoted two-line ' +
      'remark (text lines 4–5), so every later row sits one text line below its spreadsheet row; row 5 is blank.',
    header: { row: 1, headers: ['Kunde', 'Customer Tenant ID', 'Device ID', 'Autopilot Profile ID', 'Serial Number', 'Bemerkung'] },
    rows: [
      { row: 2, status: 'planned' },
      { row: 3, status: 'planned', note: '`Kunde` = `Schmidt; Söhne KG` (quoted `;`)' },
      { row: 4, status: 'planned', note: '`Bemerkung` = `Zweizeilige` + CRLF + `Bemerkung` (text lines 4–5)' },
      { row: 6, status: 'planned', note: 'customer `{…}` in upper case: valid once normalised (text line 7)' },
      { row: 7, status: 'invalid', wrong: true, note: 'policy ID one character short: not a GUID (text line 8)' },
      { row: 8, status: 'planned', note: 'device ID padded with spaces: trimmed (text line 9)' },
      { row: 9, status: 'planned', note: '(text line 10)' },
    ],
    counts: { rows: 7, planned: 6, invalid: 1, duplicate: 0 },
  };
}

function utf16TabExport() {
  const d = Array.from({ length: 5 }, deviceId);
  const header = ['Tenant ID', 'Partner Center Device ID', 'Configuration Policy ID', 'Model', 'Serial Number'];
  const rows = [
    [NORTHWIND.id, d[0], NORTHWIND.policy, 'Surface Laptop 5', serial('NW')],
    [NORTHWIND.id, d[1], NORTHWIND.policy, 'ThinkPad X1 Carbon Gen 11', serial('NW')],
    [NORTHWIND.id, d[2], NORTHWIND.policy, 'dynabook Satellite Pro — 東京', serial('NW')],
    null,
    [NORTHWIND.id, d[3], NORTHWIND.policy, 'Latitude 7440 «Büro»', serial('NW')],
    [NORTHWIND.id, d[4], NORTHWIND.policy, 'EliteBook 840 G10', serial('NW')],
  ];
  // The exact copy of row 3 that makes row 8 a duplicate.
  rows.push([...rows[1]]);
  const text = [header, ...rows].map((r) => (r === null ? '' : r.join('\t'))).join('\n') + '\n';
  const file = 'utf16-tab-export.csv';
  writeFileSync(join(OUT, file), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  return {
    file,
    about: 'A UTF-16LE export with BOM, tab-separated, LF line endings (what Excel writes as "Unicode Text"). Non-Latin text in Model; row 5 is blank.',
    header: { row: 1, headers: header },
    rows: [
      { row: 2, status: 'planned' },
      { row: 3, status: 'planned' },
      { row: 4, status: 'planned', note: 'Model `dynabook Satellite Pro — 東京`' },
      { row: 6, status: 'planned' },
      { row: 7, status: 'planned' },
      { row: 8, status: 'duplicate', wrong: true, note: 'exact copy of row 3: Detail "duplicate of row 3"' },
    ],
    counts: { rows: 6, planned: 5, invalid: 0, duplicate: 1 },
  };
}

// ---------------------------------------------------------------------------------------- vendor workbook
async function vendorWorkbook() {
  const wb = newWorkbook();
  const cover = wb.addWorksheet('Cover');
  cover.addRow(['Contoso Logistics — Autopilot shipment 4711']);
  cover.addRow(['Prepared for: Fabrikam Inc']);
  cover.addRow([]);
  cover.addRow(['The device list is on the sheet "Devices".']);
  cover.getCell('A1').font = { bold: true, size: 16 };

  const ws = wb.addWorksheet('Devices');
  ws.getCell('A1').value = 'Shipment 4711 — device list';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = 'Generated 2024-03-05 by Contoso Logistics';
  const header = ['Customer ID', 'Device ID', 'Policy ID', 'Model', 'Serial Number', 'Ship Date', 'Notes'];
  ws.getRow(4).values = header;
  ws.getRow(4).font = { bold: true };
  const F = FABRIKAM;
  const d = Array.from({ length: 10 }, deviceId);
  const date = (day) => new Date(Date.UTC(2024, 2, day));
  const put = (rowNumber, cells) => {
    const row = ws.getRow(rowNumber);
    cells.forEach((v, i) => {
      if (v !== undefined) row.getCell(i + 1).value = v;
    });
    row.getCell(6).numFmt = 'yyyy-mm-dd';
  };
  put(5, [F.id, d[0], F.policy, model(), serial('FB'), date(4), 'plain row']);
  put(6, [{ richText: [{ text: F.id.slice(0, 9), font: { bold: true } }, { text: F.id.slice(9) }] }, d[1], F.policy, model(), serial('FB'), date(4), 'customer ID in rich text']);
  put(7, [F.id, { text: d[2], hyperlink: `https://support.contoso.example/devices/${d[2]}` }, F.policy, model(), serial('FB'), date(4), 'device ID is a hyperlink']);
  put(8, [F.id, d[3], { formula: `LOWER("${F.policy.toUpperCase()}")`, result: F.policy }, model(), serial('FB'), date(5), 'policy ID from a formula']);
  put(9, [`{${F.id.toUpperCase()}}`, d[4], `{${F.policy.toUpperCase()}}`, model(), serial('FB'), date(5), 'IDs in braces, upper case']);
  // Rows 10 and 11 stay blank: a gap in the middle of the list.
  put(12, [F.id, 9993862736086844, F.policy, model(), serial('FB'), date(5), 'device ID typed without dashes: Excel kept it as a number']);
  put(13, [F.id, d[5], F.policy, model(), serial('FB'), date(6), undefined]);
  put(14, [F.id, { formula: `"${d[6].slice(0, 10)}"&"${d[6].slice(10)}"`, result: d[6] }, F.kioskPolicy, model(), serial('FB'), date(6), 'device ID from a formula; kiosk policy']);
  put(15, [F.id, d[7], { error: '#N/A' }, model(), serial('FB'), date(6), 'policy lookup failed in the vendor sheet']);
  put(16, [F.id, d[8], F.policy, model(), serial('FB'), date(7), 'last device']);
  put(17, [F.id, 48213377, F.kioskPolicy, model(), serial('FB'), date(7), 'short device ID, stored as a number']);
  ws.getColumn(1).width = 40;
  ws.getColumn(2).width = 36;
  ws.getColumn(3).width = 40;
  const file = 'vendor-workbook.xlsx';
  await wb.xlsx.writeFile(join(OUT, file));
  return {
    file,
    about:
      'A vendor workbook: a `Cover` sheet (text only) first, then `Devices` with two title rows and a blank row above ' +
      'the header (row 4); rich-text, hyperlink and formula cells in ID columns; IDs in braces and upper case; rows 10–11 ' +
      'blank; extra `Model`, `Notes` and `Ship Date` (date-formatted) columns. Customer: Fabrikam.',
    header: { row: 4, sheet: 'Devices', headers: header },
    rows: [
      { row: 5, status: 'planned', note: 'Ship Date reads `2024-03-04`' },
      { row: 6, status: 'planned', note: 'customer ID cell is rich text' },
      { row: 7, status: 'planned', note: 'device ID cell is a hyperlink (its text is used)' },
      { row: 8, status: 'planned', note: 'policy ID cell is a formula (its result is used)' },
      { row: 9, status: 'planned', note: 'customer and policy in `{…}` upper case: valid once normalised' },
      { row: 12, status: 'invalid', wrong: true, note: 'device ID 9993862736086844 stored as a number: reads `9.99386E+15`, "stored as a number"' },
      { row: 13, status: 'planned' },
      { row: 14, status: 'planned', note: 'device ID cell is a formula; kiosk policy' },
      { row: 15, status: 'invalid', wrong: true, note: 'policy ID cell is the error `#N/A`: "the spreadsheet error #N/A"' },
      { row: 16, status: 'planned' },
      { row: 17, status: 'invalid', wrong: true, note: 'device ID 48213377 stored as a number (all digits kept, still flagged)' },
    ],
    counts: { rows: 11, planned: 8, invalid: 3, duplicate: 0 },
  };
}

// ---------------------------------------------------------------------------------------- demo sample
async function sampleDevices() {
  const header = ['Customer Name', 'Customer ID', 'Device ID', 'Policy ID', 'Serial Number', 'Model', 'Order Number'];
  const order = (c) => `PO-${c.name.slice(0, 3).toUpperCase()}-${pick(DIGITS, 5)}`;
  const make = (c, policy = c.policy) => [c.name, c.id, deviceId(), policy, serial(c.name.slice(0, 2).toUpperCase()), model(), order(c)];
  /** Each entry: the cells (null for a blank row) and, for the rows that matter, what to expect. */
  const rows = [];
  const add = (cells, expect) => rows.push({ cells, expect });
  for (let i = 0; i < 90; i++) add(make(CONTOSO));
  for (let i = 0; i < 60; i++) add(make(FABRIKAM));
  for (let i = 0; i < 25; i++) add(make(FABRIKAM, FABRIKAM.kioskPolicy));
  for (let i = 0; i < 70; i++) add(make(NORTHWIND));
  for (let i = 0; i < 55; i++) add(make(TAILSPIN));

  // The deliberate mistakes, each placed where a vendor sheet would have it.
  const at = (index, cells, expect) => rows.splice(index, 0, { cells, expect });
  const rowOf = (entry) => rows.indexOf(entry) + 2;
  const contosoCopied = rows[11];
  const fabrikamTwice = rows[100];
  at(40, ['Contoso Ltd', CONTOSO.id, '', CONTOSO.policy, '', 'Surface Pro 9', 'PO-CON-00000'], { status: 'invalid', note: 'Device ID empty (and no serial number or product key to look it up by)' });
  at(75, [...contosoCopied.cells], { status: 'duplicate', note: 'exact copy of an earlier Contoso row' });
  at(190, [...fabrikamTwice.cells.slice(0, 3), FABRIKAM.kioskPolicy, ...fabrikamTwice.cells.slice(4)], { status: 'invalid', note: 'same Fabrikam device as an earlier row, with the kiosk policy instead of the standard one' });
  fabrikamTwice.expect = { status: 'invalid', note: 'this device is listed again later with a different policy' };
  at(210, ['Northwind Traders', 'northwind.onmicrosoft.com', deviceId(), NORTHWIND.policy, serial('NO'), model(), 'PO-NOR-00000'], { status: 'invalid', note: 'Customer ID is a domain name, not a GUID' });
  at(270, ['Tailspin Toys', TAILSPIN.id, 9412774310058213, TAILSPIN.policy, serial('TA'), model(), 'PO-TAI-00000'], { status: 'invalid', note: 'Device ID 9412774310058213 stored as a number: reads `9.41277E+15`, "stored as a number"' });
  at(120, ['Fabrikam Inc', FABRIKAM.id, deviceId(), `{${FABRIKAM.policy.toUpperCase()}}`, serial('FA'), model(), 'PO-FAB-00000'], { status: 'planned', note: 'policy ID in `{…}` upper case: valid once normalised (not a mistake)' });
  at(150, null, { status: '(blank)', note: 'blank row: skipped silently, not counted as a data row' });

  const ws = newWorkbook();
  const sheet = ws.addWorksheet('Devices', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  for (const r of rows) sheet.addRow(r.cells ?? []);
  sheet.columns.forEach((c, i) => (c.width = [20, 40, 36, 40, 14, 26, 16][i]));
  const file = 'sample-devices.xlsx';
  await ws.xlsx.writeFile(join(OUT, file));

  const documented = rows.filter((r) => r.expect !== undefined).map((r) => ({ row: rowOf(r), status: r.expect.status, note: r.expect.note, wrong: r.expect.status !== 'planned' && r.expect.status !== '(blank)' }));
  const dupOf = rowOf(contosoCopied);
  const conflict = [rowOf(fabrikamTwice), documented.find((x) => x.note.startsWith('same Fabrikam'))?.row];
  for (const x of documented) {
    if (x.status === 'duplicate') x.note += ` (row ${dupOf}): Detail "duplicate of row ${dupOf}"`;
    if (x.note.includes('Fabrikam device') || x.note.includes('listed again')) x.note += `: rows ${conflict.join(' and ')} are both invalid`;
  }
  const data = rows.filter((r) => r.cells !== null);
  const byStatus = (s) => documented.filter((x) => x.status === s).length;
  const invalid = byStatus('invalid');
  const duplicate = byStatus('duplicate');
  const planned = data.length - invalid - duplicate;
  const perCustomer = [CONTOSO, FABRIKAM, NORTHWIND, TAILSPIN].map((c) => {
    const rowsOfC = data.filter((r) => r.cells[1] === c.id);
    const plannedOfC = rowsOfC.filter((r) => r.expect === undefined || r.expect.status === 'planned').length;
    return { customer: `${c.name} \`${c.id}\``, rows: rowsOfC.length, planned: plannedOfC, requests: Math.ceil(plannedOfC / 100) };
  });
  return {
    file,
    about:
      'The demo input (`npm run demo`): one `Devices` sheet, header in row 1, four customers, about 300 devices, one policy ' +
      'per customer except Fabrikam, which has a standard policy and a kiosk policy on different devices. Customers, policies: ' +
      [CONTOSO, FABRIKAM, NORTHWIND, TAILSPIN].map((c) => `${c.name} \`${c.id}\` → \`${c.policy}\`${c.kioskPolicy ? ` and kiosk \`${c.kioskPolicy}\`` : ''}`).join('; ') +
      '.',
    header: { row: 1, sheet: 'Devices', headers: header },
    rows: documented,
    onlyListed: true,
    counts: { rows: data.length, planned, invalid, duplicate },
    perCustomer,
  };
}

// ---------------------------------------------------------------------------------------- vendor serials
/**
 * A vendor's shipment list as it really comes: no Partner Center device IDs, devices by serial number
 * (some only by hardware hash), profiles by name in whatever case the vendor typed. Its devices are
 * registered in the demo's simulator data (fixtures/simulator/make-sample-data.mjs reads the Notes
 * column: "not yet registered" units are left out, a "board swapped" serial is registered twice, a
 * "profile assigned" device already carries its profile).
 */
async function vendorSerials() {
  const own = mulberry32(20260115);
  const take = (chars, n) => Array.from({ length: n }, () => chars[Math.floor(own() * chars.length)]).join('');
  const sn = (prefix) => `${prefix}${take(SERIAL_CHARS, 10 - prefix.length)}`;
  const models = [['Microsoft Corporation', 'Surface Laptop 7'], ['LENOVO', '21HMCTO1WW'], ['Dell Inc.', 'Latitude 7450']];
  const header = ['Customer Name', 'Customer ID', 'Serial Number', 'Hardware Hash', 'Manufacturer', 'Model', 'Autopilot Profile', 'Notes'];
  const rows = [];
  // As Get-WindowsAutopilotInfo reports them: each device's own hash, some 4 000 base64 characters with its
  // serial number, manufacturer and model inside. A row "by hash only" leaves the serial out of the sheet,
  // not out of the hash.
  const add = (c, serialNumber, profile, note, expect, { inSheet = true } = {}) => {
    const [oem, modelName] = models[rows.length % models.length];
    const hardwareHash = encodeHardwareHash({ serial: serialNumber, manufacturer: oem, model: modelName });
    rows.push({ cells: [c.name, c.id, inSheet ? serialNumber : '', hardwareHash, oem, modelName, profile, note], expect });
  };
  const contosoStandard = ['Contoso - Standard user-driven', 'contoso - standard user-driven', 'CONTOSO - STANDARD USER-DRIVEN'];
  for (let i = 0; i < 24; i++) add(CONTOSO, sn('CT'), contosoStandard[i % 3], '');
  for (let i = 0; i < 4; i++) {
    add(CONTOSO, sn('CT'), 'Contoso - Standard user-driven', 'serial label unreadable: hash only',
      { status: 'accepted', note: 'no serial number in the sheet: found by the serial inside its hardware hash (Hash Serial)' }, { inSheet: false });
  }
  for (let i = 0; i < 10; i++) add(FABRIKAM, sn('FB'), 'fabrikam - kiosk self-deploying', '');
  for (let i = 0; i < 4; i++) add(FABRIKAM, sn('FB'), 'Fabrikam - Standard user-driven', '');
  const rowOf = (i) => i + 2;
  // The deliberate mistakes, and the rows that show what resolution does besides.
  const mistake = (i, changes, expect) => {
    const r = rows[i];
    for (const [col, value] of Object.entries(changes)) r.cells[header.indexOf(col)] = value;
    r.expect = expect;
  };
  mistake(5, { Notes: 'new unit, not yet registered with Microsoft' }, { status: 'invalid', note: 'serial number not registered for Contoso: "no device with serial number … among customer …\'s N registered devices"' });
  // No hash on this row: the hash would tell the two registrations apart.
  mistake(9, { Notes: 'board swapped under warranty', 'Hardware Hash': '' }, { status: 'invalid', note: 'two registered devices carry this serial number (and the row has no hash): Detail lists both device IDs' });
  mistake(14, { 'Autopilot Profile': 'Contoso - Standard user driven' }, { status: 'invalid', note: 'profile name misspelt (no hyphen): Detail lists Contoso\'s profile names' });
  mistake(19, { Notes: 're-imaged; profile assigned last quarter' }, { status: 'unchanged', note: 'the device already has its profile (listed by its name, as the portal leaves it): not sent' });
  mistake(30, { Notes: 'kiosk' }, { status: 'accepted', note: 'profile name in lower case: names match whatever their case' });
  // Hash mistakes, as vendor sheets make them: a hash pasted one row off, one cut off mid-copy, words.
  mistake(12, { 'Hardware Hash': rows[13].cells[3] }, { status: 'invalid', note: `the hash of row ${rowOf(13)}'s device beside this row's serial number: "the hardware hash is of device …, the sheet says …: the columns may be shifted"` });
  mistake(35, { 'Hardware Hash': rows[35].cells[3].slice(0, 1200) }, { status: 'invalid', note: 'hash cut off at 1,200 characters: "cut short: 900 of … bytes"' });
  mistake(40, { 'Hardware Hash': 'hash to follow' }, { status: 'invalid', note: 'words where the hash should be: "is not a hardware hash"' });
  // The same Contoso device again, by its hash alone: the two rows resolve to one device.
  rows.push({ cells: [CONTOSO.name, CONTOSO.id, '', rows[2].cells[3], rows[2].cells[4], rows[2].cells[5], 'Contoso - Standard user-driven', 'listed twice by the vendor'], expect: { status: 'duplicate', note: `same device as row ${rowOf(2)}, found by its hash: Detail "duplicate of row ${rowOf(2)}"` } });

  const ws = newWorkbook();
  const sheet = ws.addWorksheet('Shipment', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  for (const r of rows) sheet.addRow(r.cells);
  sheet.columns.forEach((c, i) => (c.width = [18, 40, 14, 60, 22, 20, 34, 40][i]));
  const file = 'vendor-serials.xlsx';
  await ws.xlsx.writeFile(join(OUT, file));
  const documented = rows.flatMap((r, i) => (r.expect === undefined ? [] : [{ row: rowOf(i), status: r.expect.status, note: r.expect.note, wrong: r.expect.status === 'invalid' || r.expect.status === 'duplicate' }]));
  const count = (s) => documented.filter((x) => x.status === s).length;
  return {
    file,
    about:
      'A vendor shipment list with **no device IDs**: devices by serial number and hardware hash (about 4 000 characters each, made by ' +
      'the tool\'s encoder with the device\'s serial number, manufacturer and model inside; four rows by hash only), ' +
      'profiles by name (`Autopilot Profile`) in mixed case, for Contoso and Fabrikam. The demo applies it after `sample-devices.xlsx`, ' +
      'against simulator data in which these devices are registered. Expected statuses are those **against the simulator** ' +
      '(`npm run demo`); offline (a dry run without credentials, or `--offline`) every row is invalid, since every row needs a lookup.',
    header: { row: 1, sheet: 'Shipment', headers: header },
    rows: documented,
    onlyListed: true,
    listedDefault: 'accepted',
    counts: { rows: rows.length, accepted: rows.length - count('invalid') - count('duplicate') - count('unchanged'), unchanged: count('unchanged'), invalid: count('invalid'), duplicate: count('duplicate') },
  };
}

// ---------------------------------------------------------------------------------------- edge cases
async function edgeCases() {
  const C = CONTOSO;
  const d = Array.from({ length: 6 }, deviceId);
  const edge = (file, content, about) => {
    writeFileSync(join(OUT, 'edge', file), content);
    return { file: `edge/${file}`, about };
  };
  const docs = [
    edge('duplicate-header.csv', `Customer ID,Device ID,Policy ID,Device ID\r\n${C.id},${d[0]},${C.policy},${d[1]}\r\n`, 'Two `Device ID` columns (B and D): error `duplicate-column` naming both; exit 2.'),
    edge('two-aliases.csv', `Customer ID,Device,Partner Center Device ID,Policy\n${C.id},${d[0]},${d[0]},${C.policy}\n`, '`Device` and `Partner Center Device ID` both mean the device: error `duplicate-column` naming both; exit 2.'),
    edge('repeated-notes.csv', `Customer ID,Device ID,Policy ID,Notes,Notes\n${C.id},${d[0]},${C.policy},first note,second note\n`, 'Two `Notes` columns that map to no field: both kept as separate columns; row 2 planned.'),
    edge('no-header.csv', 'Name,Address,Phone\nContoso,1 Main St,555-0100\nFabrikam,2 Side St,555-0101\n', 'No row has the required columns: error `no-header` listing `Name`, `Address`, `Phone`; exit 2.'),
    edge('missing-policy.csv', `Customer ID,Device ID,Model\n${C.id},${d[0]},Surface Pro 9\n`, 'A customer and a device column but no policy column: no header unless `--policy` is given (then row 2 is planned).'),
    edge(
      'cr-only.csv',
      [`Title: devices for Contoso`, '', `Customer ID,Device ID,Policy ID,Notes`, `${C.id},${d[0]},${C.policy},"two\rlines"`, '', `${C.id},${d[1]},${C.policy},after a blank row`].join('\r') + '\r',
      'Classic-Mac CR-only line endings: a title row, a blank row, the header in row 3, a quoted two-line cell in row 4, a blank row 5, row 6. Rows 4 and 6 planned.',
    ),
    edge('empty.csv', '', 'Zero bytes: error `no-header` ("the file is empty"); exit 2.'),
    edge('report.pdf', '%PDF-1.4\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'A PDF: error `not-a-spreadsheet`; exit 2.'),
    edge('legacy.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]), 'The signature of an Excel 97-2003 workbook: error `not-a-spreadsheet` telling to save as .xlsx or CSV; exit 2.'),
  ];
  docs.push(await streamedOrderWorkbook(d));
  return docs;
}

/**
 * A workbook whose zip holds the shared strings and the workbook part before the sheets (as some tools
 * other than Excel write them). exceljs then parses each sheet straight from the zip instead of via a
 * temporary copy: the other of the reader's two paths, which the tests must also cover.
 */
async function streamedOrderWorkbook(d) {
  const wb = newWorkbook();
  const a = wb.addWorksheet('Notes');
  a.addRow(['Nothing to import here']);
  const b = wb.addWorksheet('Devices');
  b.addRow(['Customer ID', 'Device ID', 'Policy ID']);
  for (let i = 0; i < 4; i++) b.addRow([CONTOSO.id, d[i], CONTOSO.policy]);
  const zip = Buffer.from(await wb.xlsx.writeBuffer());
  const first = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'];
  const file = 'edge/streamed-order.xlsx';
  writeFileSync(join(OUT, file), reorderZip(zip, (name) => (first.includes(name) ? first.indexOf(name) : first.length)));
  return { file, about: 'Zip entries ordered shared strings and workbook first (not Excel\'s order): sheets `Notes`, then `Devices` (header row 1, rows 2–5 planned).' };
}

// ---------------------------------------------------------------------------------------- helpers
function newWorkbook() {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'device-policy fixtures';
  wb.created = new Date(FIXED_TIME);
  wb.modified = new Date(FIXED_TIME);
  return wb;
}

/**
 * Rewrites a zip with its entries in another order, bytes of each entry untouched: copy each local
 * entry (header, data, any descriptor), then a central directory with the new offsets.
 */
function reorderZip(zip, rank) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0, p = cdOffset; i < count; i++) {
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const end = p + 46 + nameLen + extraLen + commentLen;
    entries.push({ name: zip.toString('utf8', p + 46, p + 46 + nameLen), central: Buffer.from(zip.subarray(p, end)), offset: zip.readUInt32LE(p + 42) });
    p = end;
  }
  const byOffset = [...entries].sort((x, y) => x.offset - y.offset);
  byOffset.forEach((e, i) => (e.local = zip.subarray(e.offset, byOffset[i + 1]?.offset ?? cdOffset)));
  const ordered = [...entries].sort((x, y) => rank(x.name) - rank(y.name) || x.offset - y.offset);
  const parts = [];
  let at = 0;
  for (const e of ordered) {
    e.central.writeUInt32LE(at, 42);
    parts.push(e.local);
    at += e.local.length;
  }
  const centrals = ordered.map((e) => e.central);
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const tail = Buffer.from(zip.subarray(eocd));
  tail.writeUInt32LE(cdSize, 12);
  tail.writeUInt32LE(at, 16);
  return Buffer.concat([...parts, ...centrals, tail]);
}

/** JSZip stamps each entry with `new Date()`: pin it, or every run would change the workbooks' bytes. */
function pinClock(time) {
  const RealDate = Date;
  globalThis.Date = class extends RealDate {
    constructor(...args) {
      super(...(args.length === 0 ? [time] : args));
    }
    static now() {
      return time;
    }
  };
}

function readme(docs) {
  const lines = [
    '# Fixtures',
    '',
    'Generated by `node scripts/make-fixtures.mjs` (deterministic: edit the script, not the files). Row numbers are as',
    'a spreadsheet shows them: the header and title rows count, blank rows count but are skipped, and in a CSV a quoted',
    'cell spanning several text lines is still one row (Excel opens it that way), so after such a cell the text line',
    'and the row number differ. Expected statuses are those of a dry run (`apply --dry-run`, offline); `planned` rows',
    'become `accepted` when sent to the simulator.',
    '',
  ];
  for (const doc of docs) {
    lines.push(`## \`${doc.file}\``, '', doc.about, '');
    if (doc.header) {
      lines.push(`Header: row ${doc.header.row}${doc.header.sheet ? ` of sheet \`${doc.header.sheet}\`` : ''}: ${doc.header.headers.map((h) => `\`${h}\``).join(', ')}.`, '');
    }
    if (doc.rows) {
      lines.push(doc.onlyListed ? `Rows worth knowing (every other data row is \`${doc.listedDefault ?? 'planned'}\`):` : 'Every data row:', '');
      lines.push('| row | expected status | why |', '|---:|---|---|');
      for (const r of doc.rows) lines.push(`| ${r.row} | ${r.status}${r.wrong ? ' ⚠' : ''} | ${r.note ?? ''} |`);
      lines.push('');
    }
    if (doc.counts) {
      const c = doc.counts;
      const counted = Object.entries(c).filter(([k]) => k !== 'rows').map(([k, v]) => `${k} ${v}`).join(', ');
      lines.push(`Data rows read: **${c.rows}** — ${counted}. ⚠ marks the deliberate mistakes.`, '');
    }
    if (doc.perCustomer) {
      lines.push('| customer | data rows | planned | requests at `--chunk-size 100` |', '|---|---:|---:|---:|');
      for (const p of doc.perCustomer) lines.push(`| ${p.customer} | ${p.rows} | ${p.planned} | ${p.requests} |`);
      lines.push('', 'The row with a non-GUID customer belongs to no customer above.', '');
    }
  }
  return lines.join('\n');
}
