// Section 6: what reading hardware hashes costs (issue 19). The same sheet twice — Customer ID, Device ID,
// Policy ID, Serial Number and a 4K hardware hash per row (each device's own, made by the tool's encoder)
// — once with the hash column headed `Hardware Hash`, which the tool reads (every hash decoded, held
// against the serial column, its Hash columns written), once headed `Hardware Data`, which it carries as
// any other column without reading. The two dry runs are run back to back, alternately.
import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { guid } from './generate.mjs';
import { withoutCredentials } from './dry-run.mjs';
import { expectExit, pairedMedians, timed } from './measure.mjs';
import { CLI, DIST } from './paths.mjs';
import { sizeLabel } from './options.mjs';

const MODELS = [['LENOVO', '21HMCTO1WW'], ['Dell Inc.', 'Latitude 7450'], ['HP', 'HP EliteBook 840 G10'], ['Microsoft Corporation', 'Surface Laptop 7']];

/**
 * Both sheets in one pass: the same rows, only the hash column's header differs. Returns the customers and
 * how long reading every hash took in this process (the decoding alone, without a run around it).
 */
async function writeSheets(read, carried, rows) {
  const { encodeHardwareHash } = await import(`${DIST}/hardware-hash/encode.js`);
  const { createHashReader } = await import(`${DIST}/hardware-hash/cache.js`);
  const reader = createHashReader();
  let decodeNs = 0n;
  const outs = [createWriteStream(read), createWriteStream(carried)];
  outs[0].write('Customer ID,Device ID,Policy ID,Serial Number,Hardware Hash\n');
  outs[1].write('Customer ID,Device ID,Policy ID,Serial Number,Hardware Data\n');
  const customers = Math.max(1, Math.round(rows / 2000));
  for (let i = 0; i < rows; i++) {
    const serial = `PF${((i * 2654435761) >>> 0).toString(36).toUpperCase().padStart(7, '0')}`;
    const [manufacturer, model] = MODELS[i % MODELS.length];
    const c = i % customers;
    const hash = encodeHardwareHash({ serial, manufacturer, model });
    const started = process.hrtime.bigint();
    const reading = reader.read(hash);
    decodeNs += process.hrtime.bigint() - started;
    if (reading.kind !== 'read' || reading.facts.serial !== serial) throw new Error(`row ${i}: the hash made for ${serial} reads as ${JSON.stringify(reading)}`);
    const line = `${guid(c, 1)},DEV-${String(i).padStart(7, '0')},${guid(c, 2)},${serial},${hash}\n`;
    for (const o of outs) o.write(line);
    // Asked when about to wait: one stream may drain while the other is waited for.
    for (const o of outs) if (o.writableNeedDrain) await once(o, 'drain');
  }
  for (const o of outs) o.end();
  await Promise.all(outs.map((o) => once(o, 'finish')));
  return { customers, decodeSeconds: Number(decodeNs) / 1e9 };
}

export async function hashRuns(options, dir, say) {
  const rows = options.hashRows;
  const read = join(dir, `hashes-${sizeLabel(rows)}.csv`);
  const carried = join(dir, `carried-${sizeLabel(rows)}.csv`);
  say(`hashes: writing two ${sizeLabel(rows)}-row sheets with 4K hashes`);
  const { customers, decodeSeconds } = await writeSheets(read, carried, rows);
  const env = withoutCredentials();
  const run = async (input) => {
    const out = join(dir, 'hash.results.csv');
    const t = expectExit(await timed([CLI, 'apply', input, '--dry-run', '--offline', '--quiet', '--json', '--out', out], { env }), [0], `apply --dry-run ${input}`);
    const planned = JSON.parse(t.stdout).byStatus.planned;
    if (planned !== rows) throw new Error(`dry run of ${input}: ${planned} rows planned, expected ${rows}`);
    rmSync(out, { force: true });
    return t;
  };
  const reading = [];
  const carrying = [];
  for (let r = 0; r < options.repeat; r++) {
    // Each goes first in turn: whichever runs first meets the machine in another state.
    let c;
    let h;
    if (r % 2 === 0) {
      c = await run(carried);
      h = await run(read);
    } else {
      h = await run(read);
      c = await run(carried);
    }
    carrying.push(c);
    reading.push(h);
    say(`hashes ${sizeLabel(rows)} #${r + 1}: read ${h.seconds.toFixed(2)} s (CPU ${h.cpuSeconds.toFixed(2)} s), carried ${c.seconds.toFixed(2)} s (CPU ${c.cpuSeconds.toFixed(2)} s)`);
  }
  if (!options.keep) for (const f of [read, carried]) rmSync(f, { force: true });
  const { baseSeconds, baseCpuSeconds, baseRss, ...figures } = pairedMedians(reading, carrying);
  return { rows, customers, repeat: options.repeat, decodeSeconds, ...figures, carriedSeconds: baseSeconds, carriedCpuSeconds: baseCpuSeconds, carriedRss: baseRss };
}
