// The benchmark's flags, normalised once: every section reads a plain object with nothing optional.

export const USAGE = `npm run bench -- [options]        (after npm ci and npm run build)

Measures dry runs beside their library floors, full runs against the simulator in two throttle models,
requests against their minimum, and status polling; prints the figures and writes them to BENCHMARKS.md.

  --quick                 small sizes, one repetition (a minute or two); prints only, unless --out is given
  --csv 10k,100k,1M       CSV input sizes for the dry runs (rows)
  --xlsx 10k,100k         XLSX input sizes for the dry runs (rows)
  --repeat N              repetitions of each dry run below 1M rows and its floor; medians are reported
  --repeat-slow N         repetitions of the slow measurements: the 1M-row dry run, status, resolve
  --concurrency 8,32,64   --concurrency values for the full runs (policy lists only: --no-verify-devices)
  --verify-concurrency 32 --concurrency values for full runs that list every customer's devices first
                          (the default device-ID verification), against the in-flight model; "" for none
  --send-rows 20k         rows of the full runs' sheet against the in-flight model (the rate model's has 40%)
  --send-customers 20     customers sharing them
  --chunk-size 20         --chunk-size of the full runs (20k rows of 20 customers: 1000 requests)
  --send-repeat N         repetitions of each full run, each beside a run of the least client; the median
                          and the slowest are reported
  --jobs 1000             batch jobs that status --wait tracks
  --resolve-devices 10k   serial numbers a dry run resolves against one customer's registered devices
  --hash-rows 100k        rows of the sheet of 4K hardware hashes whose dry run is measured read and carried
  --only LIST             sections to run: dry-run, send, status, resolve, hash (default: all)
  --out FILE              where to write the Markdown (default BENCHMARKS.md; with --quick, nowhere)
  --keep                  keep the generated inputs and outputs (their folder is printed)`;

const FULL = {
  csv: [10_000, 100_000, 1_000_000],
  xlsx: [10_000, 100_000],
  repeat: 3,
  repeatSlow: 1,
  concurrency: [8, 32, 64],
  verifyConcurrency: [32],
  sendRows: 20_000,
  sendCustomers: 20,
  chunkSize: 20,
  sendRepeat: 10,
  jobs: 1000,
  resolveDevices: 10_000,
  hashRows: 100_000,
};
const QUICK = { csv: [10_000, 100_000], xlsx: [10_000], repeat: 1, repeatSlow: 1, concurrency: [8, 32], verifyConcurrency: [32], sendRows: 8_000, sendCustomers: 20, chunkSize: 20, sendRepeat: 1, jobs: 200, resolveDevices: 2_000, hashRows: 10_000 };
const SECTIONS = ['dry-run', 'send', 'status', 'resolve', 'hash'];

export function parseOptions(argv) {
  const flags = new Map();
  const switches = new Set();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--quick' || arg === '--keep') {
      switches.add(arg.slice(2));
      continue;
    }
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined];
    if (name === undefined) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  const quick = switches.has('quick');
  const base = quick ? QUICK : FULL;
  const known = new Set(['csv', 'xlsx', 'repeat', 'repeat-slow', 'concurrency', 'verify-concurrency', 'send-rows', 'send-customers', 'chunk-size', 'send-repeat', 'jobs', 'resolve-devices', 'hash-rows', 'only', 'out']);
  for (const name of flags.keys()) if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
  const only = flags.has('only') ? list(flags.get('only')) : SECTIONS;
  for (const s of only) if (!SECTIONS.includes(s)) throw new UsageError(`--only: unknown section ${JSON.stringify(s)} (${SECTIONS.join(', ')})`);
  return {
    help: false,
    quick,
    keep: switches.has('keep'),
    csv: flags.has('csv') ? sizes('csv', flags.get('csv')) : base.csv,
    xlsx: flags.has('xlsx') ? sizes('xlsx', flags.get('xlsx')) : base.xlsx,
    repeat: flags.has('repeat') ? count('repeat', flags.get('repeat')) : base.repeat,
    repeatSlow: flags.has('repeat-slow') ? count('repeat-slow', flags.get('repeat-slow')) : base.repeatSlow,
    concurrency: flags.has('concurrency') ? list(flags.get('concurrency')).map((v) => count('concurrency', v)) : base.concurrency,
    verifyConcurrency: flags.has('verify-concurrency') ? list(flags.get('verify-concurrency')).map((v) => count('verify-concurrency', v)) : base.verifyConcurrency,
    sendRows: flags.has('send-rows') ? sizes('send-rows', flags.get('send-rows'))[0] ?? base.sendRows : base.sendRows,
    sendCustomers: flags.has('send-customers') ? count('send-customers', flags.get('send-customers')) : base.sendCustomers,
    chunkSize: flags.has('chunk-size') ? count('chunk-size', flags.get('chunk-size')) : base.chunkSize,
    sendRepeat: flags.has('send-repeat') ? count('send-repeat', flags.get('send-repeat')) : base.sendRepeat,
    jobs: flags.has('jobs') ? count('jobs', flags.get('jobs')) : base.jobs,
    resolveDevices: flags.has('resolve-devices') ? sizes('resolve-devices', flags.get('resolve-devices'))[0] ?? base.resolveDevices : base.resolveDevices,
    hashRows: flags.has('hash-rows') ? sizes('hash-rows', flags.get('hash-rows'))[0] ?? base.hashRows : base.hashRows,
    sections: new Set(only),
    out: flags.get('out') ?? (quick ? undefined : 'BENCHMARKS.md'),
  };
}

export class UsageError extends Error {
  name = 'UsageError';
}

function list(text) {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** "10k", "1M", "250000", "" (none). */
function sizes(name, text) {
  return list(text).map((s) => {
    const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s);
    if (m === null) throw new UsageError(`--${name}: expected sizes like 10k,100k,1M, got ${JSON.stringify(s)}`);
    const n = Number(m[1]) * ({ k: 1e3, m: 1e6 }[m[2].toLowerCase()] ?? 1);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name}: ${JSON.stringify(s)} is not a whole number of rows`);
    return n;
  });
}

function count(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name}: expected a whole number from 1 up, got ${JSON.stringify(text)}`);
  return n;
}

/** 10000 → "10k", 1000000 → "1M". */
export function sizeLabel(n) {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}
