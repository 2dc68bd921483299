// The page's one session: the sheet dropped, the choices it was checked with, the table shown, the job
// running (one at a time: a check, a run, a wait, a sign-in), and the notes the runs wrote. Every change
// is sent to the open pages as the new state.
import { rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import type { ApplyOptions } from '../apply/options.js';
import type { ConnectionOptions } from '../setup/options.js';
import { VERSION } from '../package/version.js';
import { FIELDS } from '../model.js';
import { ALIASES } from '../map/aliases.js';
import { FIELD_WORDS } from '../map/suggest.js';
import type { Choices, JobKind, RowsPage, SheetView, StateView } from './page/api-types.js';
import type { EventHub } from './events.js';
import { inspectSheet } from './inspect.js';
import { applySheet, checkSheet, readResults, waitForOutcomes, type JobDeps } from './jobs.js';
import { pageViews } from './page-views.js';
import { problemText } from './problem.js';
import type { SessionSignIn } from './sign-in.js';
import { createStopButton, type StopButton } from './stop-button.js';
import { queryRows, settleRows, type LoadedTable, type RowQuery } from './table.js';
import type { RowTracking } from '../track/device-outcome.js';
import { sheetFolder, type SheetFiles } from './workspace.js';
import { UPLOAD_LIMIT } from './upload-error.js';

export interface SessionConfig {
  connection: ConnectionOptions;
  endpointGiven: string | undefined;
  folder: string;
  signIn: SessionSignIn;
  env: NodeJS.ProcessEnv;
  /** The terminal running the server: for bugs, never for anything the page should say. */
  terminal: { write(text: string): unknown };
  now(): Date;
  uploadLimit?: number;
}

/** A request the session cannot take now (a job is running, nothing to apply): HTTP 409. */
export class SessionBusy extends Error {
  override readonly name = 'SessionBusy';
}

interface Sheet {
  files: SheetFiles;
  size: number;
  view: SheetView;
}

interface Job {
  kind: JobKind;
  stop: StopButton | undefined;
}

export class Session {
  private sheet: Sheet | undefined;
  private checked: { options: ApplyOptions; choices: Choices } | undefined;
  private table: LoadedTable | undefined;
  /** The results file the downloads and "wait for outcomes" are about. */
  private results: string | undefined;
  private job: Job | undefined;
  private notes: string[] = [];
  private idleListeners: Array<() => void> = [];
  private readonly console: NodeJS.WriteStream;

  constructor(
    private readonly config: SessionConfig,
    private readonly events: EventHub,
  ) {
    this.console = notesStream((line) => this.note(line));
  }

  state(): StateView {
    const job = this.job;
    return {
      version: VERSION,
      endpoint: this.config.connection.endpoint,
      folder: this.config.folder,
      uploadLimit: this.uploadLimit(),
      fields: FIELDS.map((field) => ({ field, words: FIELD_WORDS[field], aliases: [...ALIASES[field]] })),
      signIn: this.config.signIn.view(),
      ...(this.sheet === undefined ? {} : { sheet: this.sheet.view }),
      ...(this.table === undefined ? {} : { table: this.table.view }),
      checked: this.checked !== undefined,
      ...(job === undefined ? {} : { job: { kind: job.kind, running: true, stopping: job.stop?.pressed ?? false } }),
      notes: [...this.notes],
    };
  }

  uploadLimit(): number {
    return this.config.uploadLimit ?? UPLOAD_LIMIT;
  }

  rows(query: RowQuery): RowsPage {
    return queryRows(this.table?.rows ?? [], query);
  }

  /** The file behind a download, when there is one. */
  download(kind: string): { path: string; name: string } | undefined {
    const view = this.table?.view.files.find((f) => f.kind === kind);
    const files = this.sheet?.files;
    if (view === undefined || files === undefined) return undefined;
    const path = kind === 'results' ? this.results : kind === 'report' ? files.report : kind === 'failures' ? files.failures : undefined;
    return path === undefined ? undefined : { path, name: view.name };
  }

  async upload(request: IncomingMessage): Promise<SheetView> {
    this.idle();
    const { receiveSheet } = await import('./upload.js');
    let files: SheetFiles | undefined;
    const saved = await receiveSheet(request, this.uploadLimit(), async (name) => {
      files = await sheetFolder(this.config.folder, name, this.config.now());
      return files.input;
    }).catch(async (error: unknown) => {
      // A refused or broken upload leaves nothing: the folder made for it holds only what it wrote.
      if (files !== undefined) await rm(files.folder, { recursive: true, force: true });
      throw error;
    });
    if (files === undefined) throw new Error('upload saved without a folder');
    this.sheet = { files, size: saved.size, view: await inspectSheet({ path: files.input, name: files.name, size: saved.size }, { map: {} }) };
    this.checked = undefined;
    this.table = undefined;
    this.results = undefined;
    this.notes = [];
    if (this.sheet.view.isResultsFile && this.sheet.view.problem === undefined) {
      // An earlier run's results: shown as they stand, ready to wait for outcomes or to send what is left.
      this.results = files.input;
      this.table = await readResults(files.input, files, this.sheet.view.choices);
    }
    this.changed();
    return this.sheet.view;
  }

  async choose(choices: Choices): Promise<SheetView> {
    this.idle();
    const sheet = this.current();
    sheet.view = await inspectSheet({ path: sheet.files.input, name: sheet.files.name, size: sheet.size }, choices);
    this.changed();
    return sheet.view;
  }

  check(choices: Choices): void {
    const sheet = this.current();
    this.start('check', undefined, async (deps) => {
      this.notes = [];
      const { options, table } = await checkSheet(sheet.files, choices, deps);
      this.checked = { options, choices };
      this.table = table;
    });
  }

  apply(): void {
    const sheet = this.current();
    const checked = this.checked;
    if (checked === undefined) throw new SessionBusy('check the sheet first: Apply sends what the check showed');
    if (!this.config.signIn.signedIn()) throw new SessionBusy('sign in first: sending needs a Partner Center sign-in');
    this.start('apply', this.stopButton(), async (deps, stop) => {
      this.notes = [];
      this.results = sheet.files.results;
      this.table = await applySheet(checked.options, sheet.files, checked.choices, stop ?? this.stopButton(), deps);
    });
  }

  wait(): void {
    const sheet = this.current();
    const results = this.results;
    if (results === undefined) throw new SessionBusy('there is no results file to check yet: apply the sheet, or drop an earlier results file');
    if (!this.config.signIn.signedIn()) throw new SessionBusy('sign in first: asking for the outcomes needs a Partner Center sign-in');
    const choices = this.checked?.choices ?? sheet.view.choices;
    this.start('wait', this.stopButton(), async (deps, stop) => {
      const settled = (outcomes: ReadonlyMap<number, RowTracking>, devices: { succeeded: number; failed: number; pending: number }): void => {
        // The rows shown are this results file's, row for row (the table was read from it).
        if (this.table?.view.kind !== 'results') return;
        this.table = settleRows(this.table, outcomes, devices);
        this.changed();
      };
      this.table = await waitForOutcomes(results, sheet.files, choices, stop ?? this.stopButton(), deps, settled);
    });
  }

  signIn(): void {
    this.start('sign-in', this.stopButton(), async (_deps, stop) => {
      const cancel = new AbortController();
      stop?.on('SIGINT', () => cancel.abort(new Error('sign-in cancelled on the page')));
      await this.config.signIn.signIn(() => this.changed(), cancel.signal);
    });
  }

  /** The page's Stop: the running job's Ctrl-C. False when nothing can be stopped. */
  stop(): boolean {
    const stop = this.job?.stop;
    if (stop === undefined) return false;
    stop.press();
    this.changed();
    return true;
  }

  /** Whether a job runs (the server lets it end before it exits on Ctrl-C). */
  running(): boolean {
    return this.job !== undefined;
  }

  /** Calls `listener` once no job runs (at once if none does). */
  onIdle(listener: () => void): void {
    if (this.job === undefined) listener();
    else this.idleListeners.push(listener);
  }

  private start(kind: JobKind, stop: StopButton | undefined, body: (deps: JobDeps, stop: StopButton | undefined) => Promise<void>): void {
    this.idle();
    this.job = { kind, stop };
    this.changed();
    void (async () => {
      let problem: string | undefined;
      try {
        await body(this.jobDeps(), stop);
      } catch (error) {
        problem = problemText(error, this.config.terminal);
      } finally {
        this.job = undefined;
        this.events.send('ended', { kind, ...(problem === undefined ? {} : { problem }) });
        this.changed();
        for (const listener of this.idleListeners.splice(0)) listener();
      }
    })();
  }

  private jobDeps(): JobDeps {
    const views = pageViews({
      send: (progress) => this.events.send('progress', progress),
      note: (text) => this.note(text),
      customerNames: () => new Map((this.table?.view.customers ?? []).flatMap((c) => (c.name === undefined ? [] : [[c.customer, c.name] as const]))),
    });
    return {
      connection: this.config.connection,
      endpointGiven: this.config.endpointGiven,
      tokens: this.config.signIn.tokens(),
      views,
      console: this.console,
      env: this.config.env,
      now: this.config.now,
    };
  }

  private stopButton(): StopButton {
    return createStopButton(() => this.note('the run is taking longer than a stop allows to end; it is still writing what it knows'));
  }

  private current(): Sheet {
    if (this.sheet === undefined) throw new SessionBusy('drop a sheet first');
    return this.sheet;
  }

  private idle(): void {
    if (this.job !== undefined) throw new SessionBusy(`a ${this.job.kind} is running: wait for it to end, or stop it`);
  }

  private note(text: string): void {
    this.notes.push(text);
    this.events.send('note', { text });
  }

  private changed(): void {
    this.events.send('state', this.state());
  }
}

/**
 * A stream that turns what a run writes for people into the page's notes, a line at a time. A run given
 * the page's progress views writes no bars, so text lines are all it writes here.
 */
function notesStream(note: (line: string) => void): NodeJS.WriteStream {
  let partial = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const lines = (partial + String(chunk)).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') note(pageWords(line));
      done();
    },
  });
  // Only write() and isTTY (undefined: not a terminal) are read of it.
  return stream as unknown as NodeJS.WriteStream;
}

/** The stop messages of interrupt.ts, said as the page's Stop rather than as a terminal's Ctrl-C. */
function pageWords(line: string): string {
  return line.replace(/^SIG(?:INT|TERM): /, 'Stop: ').replace(' (press Ctrl-C again to quit now)', '');
}
