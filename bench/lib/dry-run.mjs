// Section 1: dry runs (`apply --dry-run`, XLSX results) beside their floor (bench/floor.mjs), measured
// alternately in the same run so that whatever else loads the machine weighs on both alike.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { dryRunInput } from './generate.mjs';
import { expectExit, pairedMedians, timed } from './measure.mjs';
import { CLI, FLOOR } from './paths.mjs';
import { sizeLabel } from './options.mjs';

/** Sign-in variables left out, so a dry run can never reach a service from the benchmark. */
export function withoutCredentials(env = process.env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^(PARTNER_CENTER_|AZURE_)/.test(name)));
}

/** `--offline` where this build has it (SPEC §2 Resolution): a dry run that looks nothing up. */
function offlineFlag() {
  const help = execFileSync(process.execPath, [CLI, 'apply', '--help'], { encoding: 'utf8' });
  return help.includes('--offline') ? ['--offline'] : [];
}

export async function dryRuns(options, dir, say) {
  const offline = offlineFlag();
  const env = withoutCredentials();
  const cases = [...options.csv.map((rows) => ({ format: 'csv', rows })), ...options.xlsx.map((rows) => ({ format: 'xlsx', rows }))];
  const measured = [];
  for (const { format, rows } of cases) {
    const input = join(dir, `dry-${sizeLabel(rows)}.${format}`);
    say(`dry run: writing ${sizeLabel(rows)}-row ${format.toUpperCase()} input`);
    const { customers } = await dryRunInput(input, format, rows);
    const tool = [];
    const floor = [];
    const repeat = rows >= 1_000_000 ? options.repeatSlow : options.repeat;
    for (let r = 0; r < repeat; r++) {
      const floorOut = join(dir, 'floor.results.xlsx');
      const f = expectExit(await timed([FLOOR, input, floorOut]), [0], 'floor');
      floor.push(f);
      rmSync(floorOut, { force: true });
      const out = join(dir, 'dry.results.xlsx');
      const t = expectExit(await timed([CLI, 'apply', input, '--dry-run', ...offline, '--quiet', '--json', '--out', out], { env }), [0], 'apply --dry-run');
      const summary = JSON.parse(t.stdout);
      if (summary.byStatus.planned !== rows) throw new Error(`dry run of ${input}: ${summary.byStatus.planned} rows planned, expected ${rows}`);
      tool.push(t);
      rmSync(out, { force: true });
      say(`dry run ${format} ${sizeLabel(rows)} #${r + 1}: ${t.seconds.toFixed(2)} s (CPU ${t.cpuSeconds.toFixed(2)} s), ${t.peakRssMiB.toFixed(0)} MiB; floor ${f.seconds.toFixed(2)} s (CPU ${f.cpuSeconds.toFixed(2)} s), ${f.peakRssMiB.toFixed(0)} MiB`);
    }
    if (!options.keep) rmSync(input, { force: true });
    const { baseSeconds, baseCpuSeconds, baseRss, ...figures } = pairedMedians(tool, floor);
    measured.push({
      format,
      rows,
      customers,
      ...figures,
      floorSeconds: baseSeconds,
      floorCpuSeconds: baseCpuSeconds,
      floorRss: baseRss,
      offline: offline.length > 0,
      repeat,
    });
  }
  return measured;
}
