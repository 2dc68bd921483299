// The floor plan of src/, held (CONTRIBUTING.md, Layout). Each folder of src/ (and each file at its top)
// is a room with one job, and the rooms stand in layers: a file imports only from its own room or from a
// room in a lower layer, never sideways or up, and no two files import each other, however far round.
// The jobs (apply/, status/) are imported only by what starts them. Read from the sources (import
// lines, `import type` included: a type is a dependency too), not from what the compiler emits.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/paths.js';

/**
 * The layers, top first: a room imports only from rooms in layers below its own. Rooms that share a
 * layer import nothing of each other. A new folder goes into the highest layer its imports allow.
 */
export const LAYERS: ReadonlyArray<readonly string[]> = [
  // What starts the work: the command line, the library's surface.
  ['cli', 'index.ts'],
  // The web page: started by the command line (`device-policy ui`, `demo --ui`), it starts the jobs itself.
  ['ui'],
  // `demo`: apply on the bundled samples against the simulator.
  ['demo'],
  // The commands' own work: apply, status, template, and the simulator a test or the demo talks to.
  ['apply', 'status', 'template', 'simulator'],
  // What a job says: the closing lines, the report, the failures file and --json; progress lines.
  ['report', 'progress'],
  // --register: devices uploaded into a batch, their upload jobs, their new IDs.
  ['register'],
  // What a job needs before it starts (sign-in, connection, outputs, lock, signals); the write-ahead journal.
  ['setup', 'journal'],
  // Polling batch jobs to their outcome; looking rows up in each customer's Partner Center lists.
  ['track', 'resolve'],
  // Planning (pure); the scheduler; results files on disk.
  ['plan', 'send', 'record'],
  // Headers → fields; one row → valid or why not.
  ['map', 'validate'],
  // Reading a sheet into rows.
  ['read'],
  // Signing in.
  ['auth'],
  // The HTTP client; the results as data (their columns, the summary, the counts, the exit code).
  ['partner-center', 'results'],
  // Leaves: the pipeline's types, words, exceljs, hardware hashes, the package's own files.
  ['model.ts', 'text', 'vendor', 'hardware-hash', 'package'],
];

/** The jobs, and the rooms that may start them. */
const JOBS = ['apply', 'status'];
const STARTERS = ['cli', 'demo', 'index.ts', 'ui'];

/** A file of src/ may grow to this many lines; past it, it does two jobs. */
const MAX_LINES = 300;

const SRC = join(ROOT, 'src');

interface SourceFile {
  /** Relative to src/, with forward slashes. */
  path: string;
  text: string;
}

function sources(dir = SRC): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    if (!entry.name.endsWith('.ts')) return [];
    return [{ path: relative(SRC, full).split('\\').join('/'), text: readFileSync(full, 'utf8') }];
  });
}

/** The text without its comment lines (`//`, and the lines of a block comment), where examples of imports are written. */
export function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
    .join('\n');
}

/** The relative modules a file imports: `import … from`, `export … from`, `import '…'` and `import('…')`. */
export function importsOf(text: string): string[] {
  const code = withoutComments(text);
  const found: string[] = [];
  const patterns = [
    /(?:^|[;\n])\s*(?:import|export)\s[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1] ?? '');
  return found.filter((spec) => spec.startsWith('.'));
}

/** The room a file of src/ stands in: its top folder, or the file itself at the top. */
function roomOf(path: string): string {
  return path.split('/')[0] ?? path;
}

interface Edge {
  from: string;
  to: string;
}

function edgesOf(files: readonly SourceFile[]): Edge[] {
  return files.flatMap((file) =>
    importsOf(file.text).map((spec) => ({ from: file.path, to: posix.normalize(posix.join(posix.dirname(file.path), spec)).replace(/\.js$/, '.ts') })),
  );
}

const FILES = sources();
const EDGES = edgesOf(FILES);
const layerOf = new Map(LAYERS.flatMap((rooms, layer) => rooms.map((room) => [room, layer] as const)));

test('the parser reads every form of import, and none in a comment or a string', () => {
  const text = [
    "import { a } from './a.js';",
    "import type {\n  B,\n  C,\n} from '../b/c.js';",
    "export { d } from './d.js';",
    "export * as e from './e.js';",
    "import './side-effect.js';",
    "const f = await import('./f.js');",
    "import yargs from 'yargs';",
    "// import { x } from './commented.js';",
    '/* await import(\'./block.js\') */',
    "const s = \"import { y } from './in-a-string.js'\";",
  ].join('\n');
  assert.deepEqual(importsOf(text).sort(), ['../b/c.js', './a.js', './d.js', './e.js', './f.js', './side-effect.js']);
});

test('every import of src/ names a file that exists', () => {
  const paths = new Set(FILES.map((f) => f.path));
  assert.ok(EDGES.length > 500, `only ${EDGES.length} imports read: the parser has gone wrong`);
  const missing = EDGES.filter((e) => !paths.has(e.to)).map((e) => `${e.from} → ${e.to}`);
  assert.deepEqual(missing, []);
});

test('every room of src/ stands in a layer', () => {
  const rooms = [...new Set(FILES.map((f) => roomOf(f.path)))].sort();
  const unplaced = rooms.filter((room) => !layerOf.has(room));
  assert.deepEqual(unplaced, [], `put each into LAYERS in test/architecture/layers.test.ts (the highest layer its imports allow)`);
});

test('no import runs up a layer or sideways into another room of the same layer', () => {
  const wrong = EDGES.flatMap(({ from, to }) => {
    const [a, b] = [roomOf(from), roomOf(to)];
    if (a === b) return [];
    const [la, lb] = [layerOf.get(a), layerOf.get(b)];
    if (la === undefined || lb === undefined || lb > la) return [];
    return [`${from} → ${to} (${b} is ${lb === la ? 'in the same layer as' : 'above'} ${a})`];
  });
  assert.deepEqual(wrong, []);
});

test('no two files of src/ import each other, however far round', () => {
  const next = new Map<string, string[]>();
  for (const { from, to } of EDGES) next.set(from, [...(next.get(from) ?? []), to]);
  const state = new Map<string, 'open' | 'done'>();
  const circles: string[] = [];
  const visit = (file: string, path: string[]): void => {
    state.set(file, 'open');
    for (const to of next.get(file) ?? []) {
      if (state.get(to) === 'open') circles.push([...path.slice(path.indexOf(to)), file, to].join(' → '));
      else if (!state.has(to)) visit(to, [...path, file]);
    }
    state.set(file, 'done');
  };
  for (const { path } of FILES) if (!state.has(path)) visit(path, []);
  assert.deepEqual(circles, []);
});

test(`the jobs (${JOBS.join(', ')}) are started only from ${STARTERS.join(', ')}`, () => {
  const wrong = EDGES.filter(({ from, to }) => JOBS.includes(roomOf(to)) && roomOf(from) !== roomOf(to) && !STARTERS.includes(roomOf(from)));
  assert.deepEqual(wrong.map((e) => `${e.from} → ${e.to}`), []);
});

test('no folder has an index.ts: each name is imported from the file that defines it', () => {
  // Loading a folder's index loads every file it names: start-up would load what the command never uses.
  const barrels = FILES.filter((f) => f.path !== 'index.ts' && posix.basename(f.path) === 'index.ts').map((f) => f.path);
  assert.deepEqual(barrels, []);
});

test('every folder of src/ says its one job in its README.md', () => {
  const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
  const silent = folders.filter((folder) => {
    const readme = join(SRC, folder, 'README.md');
    if (!existsSync(readme)) return true;
    // The first line after the title: the job, in a sentence.
    const lines = readFileSync(readme, 'utf8').split('\n').filter((line) => line.trim() !== '');
    return !(lines[0]?.startsWith('# ') && (lines[1]?.trim().length ?? 0) > 20);
  });
  assert.deepEqual(silent, []);
});

test(`no file of src/ is over ${MAX_LINES} lines`, () => {
  const long = FILES.map((f) => [f.path, f.text.split('\n').length - (f.text.endsWith('\n') ? 1 : 0)] as const).filter(([, n]) => n > MAX_LINES);
  assert.deepEqual(long.map(([path, n]) => `${path}: ${n} lines`), []);
});
