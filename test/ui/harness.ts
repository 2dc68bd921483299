// The page under test: the built CLI's `device-policy ui` as a user starts it (a child process, its
// address read from its first line), against a simulator in the test's process, and a real Chromium
// driven by playwright-core. The browser is the operating system's (apt-get install chromium): where
// none can be had the browser tests skip saying so, except in CI, where they fail.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import type { SimulatorOptions } from '../../src/simulator/options.js';
import { startCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/paths.js';

/** Where a browser may be; CHROMIUM_PATH first. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The flags that let Chromium run headless in a container, with nothing reaching out to the network. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Screenshots of each step, kept by the test run (an ignored folder) for people to look at. */
export const SCREENSHOTS = join(ROOT, 'test-output', 'ui');

export const TOKEN = 'ui-test-token';

export function chromiumPath(): string | undefined {
  const given = process.env['CHROMIUM_PATH'];
  if (given !== undefined && given !== '') return existsSync(given) ? given : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Skips the test (or fails it in CI) when there is no browser; the path of the one found otherwise. */
export function browserOrSkip(t: TestContext): string | undefined {
  const path = chromiumPath();
  if (path !== undefined) return path;
  const given = process.env['CHROMIUM_PATH'];
  const looked = given === undefined || given === '' ? `looked for ${CANDIDATES.join(', ')}; set CHROMIUM_PATH` : `CHROMIUM_PATH names ${given}, which is not there`;
  const why = `no Chromium found (${looked}): install it with "apt-get install chromium"`;
  if (process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false') throw new Error(`${why}. CI must run the browser tests.`);
  t.skip(why);
  return undefined;
}

export interface PageRun {
  page: Page;
  context: BrowserContext;
  url: string;
  sim: Simulator;
  /** The ui server's folder for sheets and results. */
  folder: string;
  stderr(): string;
  /** Ctrl-C to the server; resolves to its exit code. */
  stop(): Promise<number | null>;
  /** Requests the page made to anywhere but its own server. */
  elsewhere: string[];
}

export interface PageRunOptions {
  simulator?: SimulatorOptions;
  /** Playwright lets axe-core's script in past the page's Content-Security-Policy. */
  bypassCSP?: boolean;
}

export async function openPage(t: TestContext, executablePath: string, options: PageRunOptions = {}): Promise<PageRun> {
  const sim = await startSimulator({ token: TOKEN, ...options.simulator });
  const dir = mkdtempSync(join(tmpdir(), 'device-policy-ui-'));
  // Undone in this order, in one hook (node:test runs hooks in the order they were added): the browser
  // first (its profile is in the folder), then the server it talks to, the simulator, the folder.
  const undo: Array<() => Promise<unknown> | void> = [];
  t.after(async () => {
    const failed: unknown[] = [];
    for (const step of undo.reverse()) await Promise.resolve().then(step).catch((e: unknown) => failed.push(e));
    if (failed.length > 0) throw failed[0];
  });
  undo.push(() => rmSync(dir, { recursive: true, force: true }), () => sim.close());
  const folder = join(dir, 'work');
  const child = startCli(['ui', '--port', '0', '--folder', folder, '--endpoint', sim.url], { env: { PARTNER_CENTER_TOKEN: TOKEN }, cwd: dir });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += String(d)));
  const url = await firstLine(child.stdout);
  let stopped: Promise<number | null> | undefined;
  const stop = (): Promise<number | null> =>
    (stopped ??= (async () => {
      child.kill('SIGINT');
      return (await child.result).code;
    })());
  undo.push(stop);
  const { page, context, elsewhere } = await browse(executablePath, dir, url, options.bypassCSP ?? false);
  undo.push(() => context.close());
  return { page, context, url, sim, folder, stderr: () => stderr, stop, elsewhere };
}

/**
 * Chromium at 1280×800 (the size the page must be readable at), its profile in `dir`, showing `url`.
 * `elsewhere` lists every request the page made to anywhere but its own server: none, since everything
 * it runs ships in the package (it works offline).
 */
export async function browse(executablePath: string, dir: string, url: string, bypassCSP = false): Promise<{ page: Page; context: BrowserContext; elsewhere: string[] }> {
  const context = await chromium.launchPersistentContext(join(dir, 'browser-profile'), {
    executablePath,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    bypassCSP,
  });
  const elsewhere: string[] = [];
  const origin = new URL(url).origin;
  context.on('request', (request) => {
    const address = request.url();
    if (!address.startsWith(`${origin}/`) && !address.startsWith('data:')) elsewhere.push(address);
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  return { page, context, elsewhere };
}

function firstLine(stream: NodeJS.ReadableStream | null): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    if (stream === null) return reject(new Error('no stdout'));
    stream.setEncoding('utf8');
    const onData = (d: string): void => {
      seen += d;
      const end = seen.indexOf('\n');
      if (end < 0) return;
      stream.off('data', onData);
      resolve(seen.slice(0, end));
    };
    stream.on('data', onData);
    stream.once('end', () => reject(new Error(`device-policy ui ended without printing its address; it printed: ${seen}`)));
  });
}

/** Keeps a picture of the step, once sure that nothing on it is wider than the 1280-pixel window. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const wider = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
  if (wider > 0) throw new Error(`${name}: the page is ${wider} px wider than the window (1280×800 must be readable without scrolling sideways)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Signs in with the configured sign-in (PARTNER_CENTER_TOKEN) and waits until the page says so. */
export async function signIn(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Sign in with/ }).click();
  await page.locator('#sign-in-state', { hasText: 'Signed in' }).waitFor();
}

/** Drops a file on the page (through its file input, as choosing it does) and waits until the page has read it. */
export async function dropSheet(page: Page, path: string, name: string): Promise<void> {
  await page.locator('#file').setInputFiles(path);
  await page.locator('#sheet-info', { hasText: `${name} ·` }).waitFor();
}

export const VENDOR_SHEET = join(ROOT, 'fixtures', 'vendor-serials.xlsx');
export const SAMPLE_DATA = join(ROOT, 'fixtures', 'simulator', 'sample-data.json');
