// The Markdown the benchmark prints and writes: the targets of issue 10 with the figures that meet them
// or not, then one table per section.
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { BATCH_SIZE, MODELS } from './send.mjs';
import { sizeLabel } from './options.mjs';

export const BEGIN = '<!-- bench:begin — written by `npm run bench`; edit outside these markers -->';
export const END = '<!-- bench:end -->';

const TARGET = { ratio: 1.5, rssMB: 300, fraction: 0.9, throttled: 0.05, firstPatchSeconds: 0.5, pollsPerJob: 3, hashRatio: 1.1 };

export function machine() {
  const [one] = loadavg();
  return {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memGiB: totalmem() / 2 ** 30,
    freeGiB: freemem() / 2 ** 30,
    load: one,
  };
}

const s = (x) => `${x.toFixed(2)} s`;
const mb = (mib) => mib * 1.048576;
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const yes = (ok) => (ok ? 'met' : '**not met**');

export function render({ started, finished, argv, host, loadAfter, dry, send, status, resolving, hashes, repeat, repeatSlow }) {
  const lines = [BEGIN, '', '## Figures from `npm run bench`', ''];
  lines.push(
    `\`npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
      `${((finished - started) / 60000).toFixed(1)} min: Node ${host.node}, ${host.cpus} × ${host.cpu}, ${host.memGiB.toFixed(0)} GiB; ` +
      `load average ${host.load.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end. Dry runs below 1M rows (and their floors) ` +
      `are the median of ${repeat} repetitions; the 1M-row dry run, status and resolve of ${repeatSlow}; full runs as section 2 says. ` +
      "Peak RSS is `/usr/bin/time -v`'s maximum resident set size of the whole process; MB = 10⁶ bytes.",
    '',
  );
  lines.push(...targets(dry, send, status, hashes), '');
  if (dry !== undefined) lines.push(...dryTable(dry), '');
  if (send !== undefined) lines.push(...sendTables(send), '', ...requestTable(send), '');
  if (status !== undefined) lines.push(...statusTable(status), '');
  if (resolving !== undefined) lines.push(...resolveTable(resolving), '');
  if (hashes !== undefined) lines.push(...hashTable(hashes), '');
  lines.push(END);
  return lines.join('\n');
}

function targets(dry, send, status, hashes) {
  const rows = ['### Targets (issues 10, 19 and 25)', '', '| target | measured | |', '|---|---|---|'];
  if (dry !== undefined && dry.length > 0) {
    const worst = dry.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const worstCpu = dry.reduce((a, b) => (b.cpuRatio > a.cpuRatio ? b : a));
    rows.push(`| dry runs within ${TARGET.ratio}x of their floor at every size (wall time) | worst ${worst.ratio.toFixed(2)}x (${worst.format.toUpperCase()} ${sizeLabel(worst.rows)}) | ${yes(worst.ratio <= TARGET.ratio)} |`);
    rows.push(`| the same in CPU time | worst ${worstCpu.cpuRatio.toFixed(2)}x (${worstCpu.format.toUpperCase()} ${sizeLabel(worstCpu.rows)}) | ${yes(worstCpu.cpuRatio <= TARGET.ratio)} |`);
    const largest = dry.filter((d) => d.rows >= 1_000_000);
    if (largest.length > 0) {
      const peak = Math.max(...largest.map((d) => mb(d.rss)));
      rows.push(`| under ${TARGET.rssMB} MB peak RSS at 1M rows | ${peak.toFixed(0)} MB | ${yes(peak < TARGET.rssMB)} |`);
    }
  }
  if (send !== undefined) rows.push(...sendTargets(send));
  if (status !== undefined) {
    rows.push(`| ≤ ${TARGET.pollsPerJob} status requests per job when jobs finish within a minute | ${status.perJob.toFixed(2)} | ${yes(status.perJob <= TARGET.pollsPerJob)} |`);
  }
  if (hashes !== undefined) {
    const over = (x) => `${x >= 1 ? '+' : '−'}${(Math.abs(x - 1) * 100).toFixed(1)}%`;
    rows.push(`| a ${sizeLabel(hashes.rows)}-row sheet of hardware hashes: dry run with every hash read within ${over(TARGET.hashRatio)} of the same sheet carried unread (wall time) | ${hashes.ratio.toFixed(3)}x (${over(hashes.ratio)}) | ${yes(hashes.ratio <= TARGET.hashRatio)} |`);
    rows.push(`| the same in CPU time | ${hashes.cpuRatio.toFixed(3)}x (${over(hashes.cpuRatio)}) | ${yes(hashes.cpuRatio <= TARGET.hashRatio)} |`);
  }
  return rows;
}

function dryTable(dry) {
  return [
    '### 1. Dry runs beside their floor',
    '',
    '`apply FILE --dry-run --quiet --json --out results.xlsx`' +
      (dry.some((d) => d.offline) ? ' `--offline`' : ' (no credentials: nothing is looked up)') +
      ' against the floor (`bench/floor.mjs`: csv-parse, or exceljs\'s streaming reader for XLSX input, reading the file once, ' +
      'and exceljs\'s streaming writer writing the same rows and result columns without styles), each pair run back to back. ' +
      'Inputs: Customer ID, Device ID, Policy ID, Serial Number, Model; customers interleaved row by row; XLSX with shared ' +
      'strings, as Excel saves it.',
    '',
    '| input | rows | customers | dry run | floor | ratio | CPU: dry run | CPU: floor | CPU ratio | peak RSS | floor peak RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...dry.map((d) => `| ${d.format.toUpperCase()} | ${sizeLabel(d.rows)} | ${d.customers} | ${s(d.seconds)} | ${s(d.floorSeconds)} | ${d.ratio.toFixed(2)}x | ${s(d.cpuSeconds)} | ${s(d.floorCpuSeconds)} | ${d.cpuRatio.toFixed(2)}x | ${mb(d.rss).toFixed(0)} MB | ${mb(d.floorRss).toFixed(0)} MB |`),
    '',
    'Wall time is what the user waits; CPU time (user + system) is what the work costs whatever else runs on the machine.',
  ];
}

/** Issue 25's targets: the policy-lists runs (the issue's scenario); the runs that list devices are shown, not judged. */
function sendTargets(send) {
  const rows = [];
  const judged = send.filter((r) => !r.verify);
  const inFlight = judged.filter((r) => r.model === 'in-flight' && (r.concurrency === 8 || r.concurrency === 32));
  if (inFlight.length > 0) {
    const worst = inFlight.reduce((a, b) => (b.slowestOfFloor < a.slowestOfFloor ? b : a));
    const worstMedian = inFlight.reduce((a, b) => (b.ofFloor < a.ofFloor ? b : a));
    rows.push(
      `| full run ≥ ${TARGET.fraction} of the least client's rate, in-flight model, --concurrency 8 and 32: the median of ${worst.runs} runs | ` +
        `lowest ${worstMedian.ofFloor.toFixed(2)} (--concurrency ${worstMedian.concurrency}) | ${yes(worstMedian.ofFloor >= TARGET.fraction)} |`,
      `| the same, the slowest of ${worst.runs} runs | lowest ${worst.slowestOfFloor.toFixed(2)} (--concurrency ${worst.concurrency}) | ${yes(worst.slowestOfFloor >= TARGET.fraction)} |`,
    );
  }
  if (judged.length > 0) {
    const late = judged.reduce((a, b) => (b.slowestToFirstPatch > a.slowestToFirstPatch ? b : a));
    rows.push(`| first PATCH under ${TARGET.firstPatchSeconds} s after the input is read, every run | slowest ${ms(late.slowestToFirstPatch)} (${late.model}, --concurrency ${late.concurrency}) | ${yes(late.slowestToFirstPatch < TARGET.firstPatchSeconds)} |`);
  }
  const rate = judged.filter((r) => r.model === 'rate');
  if (rate.length > 0) {
    const noisiest = rate.reduce((a, b) => (b.mostThrottledPerRequest > a.mostThrottledPerRequest ? b : a));
    rows.push(`| ≤ 5% of requests answered 429 in the rate model, every run | highest ${pct(noisiest.mostThrottledPerRequest)} (--concurrency ${noisiest.concurrency}) | ${yes(noisiest.mostThrottledPerRequest <= TARGET.throttled)} |`);
  }
  const failed = Math.max(...send.map((r) => r.failed));
  rows.push(`| no failed rows | ${failed} failed, invalid or not sent | ${yes(failed === 0)} |`);
  const over = send.filter((r) => r.mostRequests !== r.minimum);
  rows.push(`| requests = the minimum | ${over.length === 0 ? 'every run' : `${over.length} configurations above it`} | ${yes(over.length === 0)} |`);
  return rows;
}

const ms = (seconds) => `${(seconds * 1000).toFixed(0)} ms`;

function sendTables(send) {
  const [any] = send;
  const out = [
    '### 2. Full runs against the simulator, beside the least client',
    '',
    `\`apply FILE --concurrency N --chunk-size ${any.minimum === 0 ? '?' : Math.round(any.rows / any.minimum)} --out results.json --no-verify-devices\` ` +
      '(default --per-customer 2) against the simulator in this process, on a sheet of each customer\'s rows one under the other: ' +
      'each customer\'s policy list is fetched (the check before sending), then its chunks are sent. "Devices listed" rows drop ' +
      '`--no-verify-devices`: every customer\'s devices are listed first as well (device-ID verification, issue 21; ' +
      `${BATCH_NOTE}). The least client (\`bench/send-floor.mjs\`) makes the same requests with Node's fetch, knowing the ` +
      'limit in advance, and nothing else (no checks, journal or results); each repetition runs it once, then every ' +
      'configuration, and each run is set against the least client of its repetition ("of the least client": its whole ' +
      'process time over the run\'s). Times are whole processes as `/usr/bin/time` sees them; "first PATCH after reading" ' +
      'runs from apply printing that the input is read (its "LIVE run" line) to the simulator receiving the first PATCH. ' +
      '"Accepted in the 1st / 2nd second" counts the PATCHes received in the first two seconds after the first one that were ' +
      'accepted: how fast the start finds the ceiling. 429s per request count policy lists and PATCHes, as the simulator answered them.',
  ];
  for (const model of MODELS) {
    const rows = send.filter((r) => r.model === model.name);
    if (rows.length === 0) continue;
    const [first] = rows;
    out.push(
      '',
      `**${model.title}** (\`simulator ${simulatorFlags(model)}\`): ${first.rows} rows of ${first.customers} customers, ${first.minimum} PATCHes and ` +
        `${first.customers} policy lists; ideal ${s(first.idealSeconds)} for the requests alone; the least client (${model.floorTitle}) took ` +
        `${s(first.floorSeconds)} (median of ${first.runs}).`,
      '',
      '| --concurrency | runs | whole run: median | slowest | of the least client: median | slowest | first request after start | input read after | first PATCH after reading: median | slowest | accepted in the 1st / 2nd second | sending | last answer to exit | 429s per request: median | highest | accepted | failed, invalid or not sent | peak RSS |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows.map((r) =>
        `| ${r.concurrency}${r.verify ? ', devices listed' : ''} | ${r.runs} | ${s(r.seconds)} | ${s(r.slowestSeconds)} | ${r.ofFloor.toFixed(2)} | ${r.slowestOfFloor.toFixed(2)} | ` +
          `${ms(r.toFirstRequest)} | ${ms(r.readSeconds)} | ${ms(r.toFirstPatch)} | ${ms(r.slowestToFirstPatch)} | ${r.firstSecond} / ${r.secondSecond} | ${s(r.sendingSeconds)} | ${ms(r.afterLastAnswer)} | ` +
          `${pct(r.throttledPerRequest)} | ${pct(r.mostThrottledPerRequest)} | ${r.accepted} | ${r.failed} | ${mb(r.rss).toFixed(0)} MB |`),
    );
  }
  return out;
}

const BATCH_NOTE = `in the simulator, each customer's devices in batches of ${BATCH_SIZE}, listed in pages of 100`;

function simulatorFlags(model) {
  const o = model.simulator;
  return [o.maxInFlight && `--max-in-flight ${o.maxInFlight}`, o.rateLimit && `--rate-limit ${o.rateLimit}`, `--latency ${o.latencyMs}`].filter(Boolean).join(' ');
}

function requestTable(send) {
  const seen = new Map();
  for (const r of send) {
    const key = r.model;
    const prev = seen.get(key);
    seen.set(key, { ...r, most: Math.max(prev?.most ?? 0, r.mostRequests), least: Math.min(prev?.least ?? Infinity, r.leastRequests) });
  }
  return [
    '### 3. Requests sent',
    '',
    'The minimum is ceil(devices / chunk size) per customer.',
    '',
    '| model | devices | customers | minimum | sent (every --concurrency, every run) | one per device |',
    '|---|---:|---:|---:|---:|---:|',
    ...[...seen.values()].map((r) => `| ${r.model} | ${r.rows} | ${r.customers} | ${r.minimum} | ${r.least === r.most ? r.least : `${r.least}–${r.most}`} | ${r.rows} |`),
  ];
}

function statusTable(st) {
  return [
    '### 4. `status --wait`',
    '',
    `A results file of ${st.jobs} batch jobs (one device each), made by \`apply\` against the simulator, whose jobs finish ` +
      `${st.finishAfterSeconds} s after they are created; then \`status FILE --wait\`. GETs of a job's status counted by the simulator.`,
    '',
    '| jobs | status GETs | per job | done after the last job finished | whole run |',
    '|---:|---:|---:|---:|---:|',
    `| ${st.jobs} | ${st.polls} | ${st.perJob.toFixed(2)} | ${s(st.lagSeconds)} | ${s(st.seconds)} |`,
  ];
}

function resolveTable(r) {
  return [
    '### 5. Resolving a vendor sheet',
    '',
    `A dry run of ${r.devices} rows that give a serial number and a policy name, for one customer whose ${r.devices} ` +
      `devices sit in ${r.batches} batches (pages of 100) of the simulator (\`--max-in-flight 8 --latency 100\`): every ` +
      'lookup is one GET, counted by the simulator.',
    '',
    '| rows | planned | policy lists | batch lists | device pages | lookups took | whole run | peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${r.devices} | ${r.planned} | ${r.policyRequests} | ${r.batchRequests} | ${r.pageRequests} | ${s(r.lookupSeconds)} | ${s(r.seconds)} | ${mb(r.rss).toFixed(0)} MB |`,
  ];
}

function hashTable(h) {
  return [
    '### 6. Reading hardware hashes',
    '',
    `\`apply FILE --dry-run --offline --quiet --json --out results.csv\` on a sheet of ${sizeLabel(h.rows)} rows (Customer ID, Device ID, ` +
      `Policy ID, Serial Number and each device's own 4K hardware hash, about 4,000 characters; ${h.customers} customers), twice: ` +
      'the hash column headed `Hardware Hash`, so every hash is read, held against the serial column and its Hash columns written; ' +
      'and headed `Hardware Data`, so the same bytes are carried unread. Run back to back, alternately; the median of ' +
      `${h.repeat} ${h.repeat === 1 ? 'pair' : 'pairs'} (the ratios are the medians of each pair's).`,
    '',
    '| rows | hashes read | hashes carried | ratio | CPU: read | CPU: carried | CPU ratio | peak RSS: read | peak RSS: carried | reading the hashes alone |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${sizeLabel(h.rows)} | ${s(h.seconds)} | ${s(h.carriedSeconds)} | ${h.ratio.toFixed(3)}x | ${s(h.cpuSeconds)} | ${s(h.carriedCpuSeconds)} | ${h.cpuRatio.toFixed(3)}x | ${mb(h.rss).toFixed(0)} MB | ${mb(h.carriedRss).toFixed(0)} MB | ${s(h.decodeSeconds)} (${((h.decodeSeconds / h.rows) * 1e6).toFixed(1)} µs each) |`,
    '',
    '"Reading the hashes alone" is the decoding measured in the benchmark\'s own process as it makes the sheets (each hash ' +
      'read once through the reader the scan uses): what the read run does more than the carried one, besides writing three ' +
      'short columns. Differences between the two runs smaller than the spread of repeated runs are noise.',
  ];
}
