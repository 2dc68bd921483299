// The examples a user copies: the README's blocks marked `<!-- example -->` (or `<!-- example: given
// devices.xlsx, fix.csv -->`) and the `--help` examples marked runnable (src/cli/help.ts ExampleRun).
// Each is run as written, in a folder of its own holding only the files it is given (made here as a
// user would have them by then), against the bundled simulator with its sample data, and must exit 0.
// A line ending in `&` (the README's simulator) is started and waited for until it prints its URL; a
// fixed port in it (`--port 8080`) becomes a free one, and the lines after it are pointed at that URL,
// so that the test never fights another over port 8080.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { SimulatorData } from '../../src/simulator/data.js';
import { startSimulator } from '../../src/simulator/start.js';
import ExcelJS from '../../src/vendor/exceljs.js';
import type { Example, ExampleRun } from '../../src/cli/help.js';
import { TOOL_EXAMPLES } from '../../src/cli/help.js';
import { HELP as APPLY } from '../../src/cli/commands/apply.js';
import { HELP as STATUS } from '../../src/cli/commands/status.js';
import { HELP as TEMPLATE } from '../../src/cli/commands/template.js';
import { HELP as SIMULATOR } from '../../src/cli/commands/simulator.js';
import { HELP as DEMO } from '../../src/cli/commands/demo.js';
import { HELP as COMPLETION } from '../../src/cli/commands/completion.js';
import { HELP as UI } from '../../src/cli/commands/ui.js';
import { laptops, writeAutopilotFile } from '../register/autopilot-file.js';
import { cleanEnv } from './cli.js';
import { FIXTURES, ROOT } from './paths.js';

export interface RunnableExample {
  /** Where it is written: `README.md:133`, `apply --help`. */
  source: string;
  /** The command lines, in order, as written (comments included). */
  lines: string[];
  run: ExampleRun;
}

const TOOL = 'device-policy';

/** The README's blocks marked as examples, each with the files it is given. */
export function readmeExamples(readme = readFileSync(join(ROOT, 'README.md'), 'utf8')): RunnableExample[] {
  const lines = readme.split('\n');
  const found: RunnableExample[] = [];
  lines.forEach((line, i) => {
    const mark = /^\s*<!--\s*example(?::\s*given\s+(.*?))?\s*-->\s*$/.exec(line);
    if (mark === null) return;
    const open = lines.findIndex((l, j) => j > i && /^\s*```/.test(l));
    const close = lines.findIndex((l, j) => j > open && /^\s*```\s*$/.test(l));
    if (open !== i + 1 || close < 0) throw new Error(`README.md:${i + 1}: an example mark must sit right above a code block`);
    const given = mark[1] === undefined ? [] : mark[1].split(',').map((g) => g.trim());
    found.push({ source: `README.md:${i + 3}`, lines: lines.slice(open + 1, close).map((l) => l.trim()).filter((l) => l !== ''), run: { given } });
  });
  return found;
}

/** The examples of every command's --help marked runnable, `$0` as the tool's name. */
export function helpExamples(): RunnableExample[] {
  const all: Array<[string, readonly Example[]]> = [
    ['--help', TOOL_EXAMPLES],
    ['apply --help', APPLY.examples],
    ['status --help', STATUS.examples],
    ['template --help', TEMPLATE.examples],
    ['simulator --help', SIMULATOR.examples],
    ['demo --help', DEMO.examples],
    ['completion --help', COMPLETION.examples],
    ['ui --help', UI.examples],
  ];
  return all.flatMap(([source, examples]) =>
    examples.flatMap((example) => {
      const run = example[2];
      return run === undefined ? [] : [{ source, lines: [example[0].replaceAll('$0', TOOL)], run }];
    }),
  );
}

/** How the tool is started: the built CLI of the clone, or the bin an install linked. */
export interface ToolUnderTest {
  /** The script node runs (dist/cli/main.js, or node_modules/.bin/device-policy). */
  bin: string;
  /** Where the examples run: a fresh folder per example, made by the caller. */
  dir: string;
}

export interface LineResult {
  line: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an example in `tool.dir`: its given files made first, then each line in order. Resolves to the
 * first line that did not succeed, or undefined when all did.
 */
export async function runExample(example: RunnableExample, tool: ToolUnderTest): Promise<LineResult | undefined> {
  const sim = await startSimulator({ data: SAMPLE_DATA, jobStepMs: 150 });
  const background: Array<{ stop(): Promise<LineResult | undefined> }> = [];
  try {
    // A user who followed the README's sign-in and pointed the tool at the simulator.
    const env = { PARTNER_CENTER_TOKEN: 'anything', PARTNER_CENTER_ENDPOINT: sim.url };
    if ('serves' in example.run) {
      for (const line of example.lines) {
        const server = await serve(line, tool, env);
        if ('failed' in server) return server.failed;
        const stopped = await server.stop();
        if (stopped !== undefined) return stopped;
      }
      return undefined;
    }
    for (const name of example.run.given) {
      const failed = await makeGiven(name, tool, env);
      if (failed !== undefined) return failed;
    }
    let moved: { from: string; to: string } | undefined;
    for (const written of example.lines) {
      const line = moved === undefined ? written : written.replaceAll(moved.from, moved.to);
      if (/&\s*(#.*)?$/.test(line)) {
        const server = await serve(line.replace(/&\s*(#.*)?$/, ''), tool, env);
        if ('failed' in server) return server.failed;
        background.push(server);
        const port = /--port\s+(\d+)/.exec(line)?.[1];
        if (port !== undefined) moved = { from: `127.0.0.1:${port}`, to: new URL(server.url).host };
        continue;
      }
      const result = await runLine(line, tool, env);
      if (result.code !== 0) return result;
    }
    for (const server of background.splice(0)) {
      const stopped = await server.stop();
      if (stopped !== undefined) return stopped;
    }
    return undefined;
  } finally {
    for (const server of background) await server.stop();
    await sim.close();
  }
}

/** The simulator's sample data, as the package ships it. */
const SAMPLE_DATA = join(FIXTURES, 'simulator', 'sample-data.json');

function sampleData(): SimulatorData {
  return JSON.parse(readFileSync(SAMPLE_DATA, 'utf8')) as SimulatorData;
}

/** Rows of registered devices of the sample's customers, each with its customer's first profile; none that fails. */
function cleanRows(count: number, skip = 0): Array<{ customer: string; device: string; policy: string }> {
  const data = sampleData();
  const failing = new Set([...(data.otherTenantDevices ?? []), ...Object.keys(data.deviceErrors ?? {})]);
  const rows: Array<{ customer: string; device: string; policy: string }> = [];
  for (const [customer, c] of Object.entries(data.customers)) {
    const policy = c.policies?.[0]?.id;
    if (policy === undefined) continue;
    for (const devices of Object.values(c.batches ?? {})) {
      for (const d of devices) if (!failing.has(d.id)) rows.push({ customer, device: d.id, policy });
    }
  }
  return rows.slice(skip, skip + count);
}

/** The files a user has by the time they run an example (README `given`, ExampleRun.given). */
async function makeGiven(name: string, tool: ToolUnderTest, env: Record<string, string>): Promise<LineResult | undefined> {
  const at = (file: string): string => join(tool.dir, file);
  switch (name) {
    case 'devices.xlsx': {
      // Filled in from the template's columns, as step 2 of the everyday flow has it.
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Devices');
      sheet.addRow(['Customer ID', 'Device ID', 'Policy ID']);
      for (const r of cleanRows(8)) sheet.addRow([r.customer, r.device, r.policy]);
      await book.xlsx.writeFile(at(name));
      return undefined;
    }
    case 'devices.results.xlsx': {
      // What `apply --wait` left: every device's outcome known.
      const made = await makeGiven('devices.xlsx', tool, env);
      return made ?? failedOnly(await runLine(`${TOOL} apply devices.xlsx --wait --quiet`, tool, env));
    }
    case 'devices.results.csv': {
      // A run that read its device IDs from a column no alias names.
      const rows = cleanRows(4).map((r) => [r.customer, r.device, r.policy].join(','));
      writeFileSync(at('devices.csv'), ['Customer ID,Serial No,Policy ID', ...rows].join('\r\n'));
      return failedOnly(await runLine(`${TOOL} apply devices.csv --map device="Serial No" --out devices.results.csv --wait --quiet`, tool, env));
    }
    case 'fix.csv': {
      // What --failures wrote for two rows with a mistyped Policy ID, then corrected in that column by the user.
      const rows = cleanRows(2, 8);
      writeFileSync(at('typo.csv'), ['Customer ID,Device ID,Policy ID', ...rows.map((r) => [r.customer, r.device, 'not-a-guid'].join(','))].join('\r\n'));
      const listed = await runLine(`${TOOL} apply typo.csv --dry-run --offline --failures fix.csv --quiet`, tool, env);
      if (listed.code !== 1) return listed;
      const policy = rows[0]?.policy ?? '';
      writeFileSync(at(name), readFileSync(at(name), 'utf8').replaceAll(',not-a-guid,', `,${policy},`));
      return undefined;
    }
    case 'AutopilotHWID.csv':
      writeAutopilotFile(tool.dir, laptops(3));
      return undefined;
    default:
      throw new Error(`no recipe for the given file ${name}: add one to test/helpers/examples.ts`);
  }
}

function failedOnly(result: LineResult): LineResult | undefined {
  return result.code === 0 ? undefined : result;
}

interface Command {
  env: Record<string, string>;
  args: string[];
}

/**
 * A line as a POSIX shell reads it — `NAME=value` assignments first, words split at blanks, quotes
 * ("…" with \-escapes, '…') joined into their word, `#` starting a comment — for lines of the tool.
 * Anything else a shell would do ($, pipes, redirections) is refused: such a line is no example to run.
 */
export function parseLine(line: string): Command {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      break;
    } else if (c === '"') {
      let text = '';
      for (i++; i < line.length && line[i] !== '"'; i++) text += line[i] === '\\' && /["\\$`]/.test(line[i + 1] ?? '') ? line[++i] : line[i];
      if (i >= line.length) throw new Error(`an unclosed quote in: ${line}`);
      word = (word ?? '') + text;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`an unclosed quote in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (/[$`|;<>&()\\]/.test(c)) {
      throw new Error(`shell syntax (${c}) the examples do not use, in: ${line}`);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  const env: Record<string, string> = {};
  while (words.length > 0 && /^[A-Za-z_]\w*=/.test(words[0] ?? '')) {
    const [assignment = ''] = words.splice(0, 1);
    const eq = assignment.indexOf('=');
    env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
  }
  if (words[0] !== TOOL) throw new Error(`not a line of ${TOOL}: ${line}`);
  return { env, args: words.slice(1) };
}

function start(line: string, tool: ToolUnderTest, env: Record<string, string>) {
  const command = parseLine(line);
  const child = spawn(process.execPath, [tool.bin, ...command.args], { cwd: tool.dir, env: cleanEnv({ ...env, ...command.env }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = once(child, 'close').then(([code]) => ({ line, code: code as number | null, stdout, stderr }));
  return { child, done, output: () => ({ stdout, stderr }) };
}

export async function runLine(line: string, tool: ToolUnderTest, env: Record<string, string>): Promise<LineResult> {
  return start(line, tool, env).done;
}

/**
 * A command that runs until stopped: started with any fixed port made free, ready once it prints its
 * URL (or failed, if it ends first); `stop` sends SIGTERM and expects a clean exit 0.
 */
async function serve(line: string, tool: ToolUnderTest, env: Record<string, string>): Promise<{ url: string; stop(): Promise<LineResult | undefined> } | { failed: LineResult }> {
  const running = start(line.replace(/--port\s+\d+/, '--port 0'), tool, env);
  const url = await new Promise<string | undefined>((resolve) => {
    const onData = (): void => {
      const found = /^(http:\/\/\S+)$/m.exec(running.output().stdout)?.[1];
      if (found !== undefined) resolve(found);
    };
    running.child.stdout.on('data', onData);
    void running.done.then(() => resolve(undefined));
  });
  if (url === undefined) return { failed: await running.done };
  let stopped: Promise<LineResult | undefined> | undefined;
  return {
    url,
    stop: () =>
      (stopped ??= (async () => {
        running.child.kill('SIGTERM');
        const result = await running.done;
        return result.code === 0 ? undefined : result;
      })()),
  };
}
