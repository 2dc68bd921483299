// The page: one state from the server, redrawn on every change it sends (server-sent events), and the
// engineer's actions posted back. Plain DOM and ES modules, no framework and no bundler: the page is a
// handful of panels over a JSON API, and everything it runs ships in the package.
import type { Choices, EventData, SheetView, StateView } from './api-types.js';
import { ApiProblem, getState, post, uploadSheet } from './api.js';
import { columnsView } from './columns-view.js';
import { byId, plural, show } from './dom.js';
import { rowsView } from './rows-view.js';
import { runView } from './run-view.js';
import { renderSignIn } from './sign-in-view.js';

let state: StateView | undefined;
let shownSheet: SheetView | undefined;
let shownTable: StateView['table'];

function problem(error: unknown): void {
  const toast = byId('toast');
  toast.textContent = error instanceof ApiProblem || error instanceof Error ? error.message : String(error);
  show(toast, true);
}

function clearProblem(): void {
  show(byId('toast'), false);
}

async function act(action: () => Promise<unknown>): Promise<void> {
  clearProblem();
  try {
    await action();
  } catch (error) {
    problem(error);
  }
}

const columns = columnsView(
  (choices: Choices) => void act(async () => render({ ...(state as StateView), sheet: await post<SheetView>('choices', choices) })),
  (choices: Choices) => void act(() => post('check', choices)),
);
const rows = rowsView(problem);
const run = runView({
  apply: () => void act(() => post('apply')),
  stop: () => void act(() => post('stop')),
  wait: () => void act(() => post('wait')),
});

function render(next: StateView): void {
  state = next;
  byId('version').textContent = next.version;
  byId('endpoint').textContent = next.endpoint;
  const busy = next.job !== undefined;
  renderSignIn(next.signIn, busy);
  byId<HTMLInputElement>('file').disabled = busy;
  byId('drop').classList.toggle('disabled', busy);
  const sheet = next.sheet;
  byId('sheet-info').textContent =
    sheet === undefined
      ? `Up to ${Math.round(next.uploadLimit / 1048576)} MB. The sheet is read on this machine; only what a run sends goes to Partner Center.`
      : `${sheet.name} · ${sheetWhere(sheet)}${sheet.isResultsFile ? ' · the results of an earlier run, continued here' : ''}`;
  show(byId('columns-card'), sheet !== undefined);
  if (sheet !== undefined && sheet !== shownSheet && JSON.stringify(sheet) !== JSON.stringify(shownSheet)) {
    // Another sheet, or another reading of it: its columns are what to look at.
    if (sheet.name !== shownSheet?.name || sheet.size !== shownSheet.size) columns.expand(true);
    columns.render(sheet, next.fields);
  }
  shownSheet = sheet;
  columns.setBusy(busy);
  const table = next.table;
  show(byId('table-card'), table !== undefined);
  if (table !== undefined) {
    byId('table-title').textContent = table.kind === 'check' ? 'Check' : 'Results';
    byId('table-summary').textContent = tableSummary(next);
    if (JSON.stringify(table) !== JSON.stringify(shownTable)) rows.render(table);
  }
  shownTable = table;
  run.render(next);
}

function sheetWhere(sheet: SheetView): string {
  if (sheet.format === undefined) return 'not a sheet the tool reads';
  const parts = [sheet.format.toUpperCase()];
  if (sheet.sheet !== undefined) parts.push(`worksheet "${sheet.sheet}"`);
  if (sheet.headerRow !== undefined) parts.push(`header on row ${sheet.headerRow}`);
  if (sheet.encoding !== undefined) parts.push(sheet.encoding);
  return parts.join(' · ');
}

function tableSummary(s: StateView): string {
  const t = s.table;
  if (t === undefined) return '';
  const looked = t.lookups > 0 ? `looked up in Partner Center (${plural(t.lookups, 'listing request')})` : 'checked offline (sign in to resolve serial numbers and profile names and to check each profile)';
  if (t.kind === 'check') return `${plural(t.rows, 'row')} · ${plural(t.customers.length, 'customer')} · ${plural(t.requests, 'request')} would be sent · ${looked}`;
  const devices = t.devices === undefined ? '' : ` · devices: ${t.devices.succeeded} succeeded, ${t.devices.failed} failed, ${t.devices.pending} pending`;
  const stopped = t.stoppedBecause === undefined ? '' : ` · stopped: ${t.stoppedBecause}`;
  return `${plural(t.rows, 'row')} · ${plural(t.requests, 'request')} sent${devices}${stopped}`;
}

function listen(): void {
  const events = new EventSource('api/events');
  const on = <K extends keyof EventData>(name: K, handle: (data: EventData[K]) => void): void => {
    events.addEventListener(name, (event) => handle(JSON.parse((event as MessageEvent<string>).data) as EventData[K]));
  };
  on('state', render);
  on('progress', (p) => run.progress(p));
  on('ended', (e) => {
    if (e.problem !== undefined) {
      problem(e.problem);
      return;
    }
    // The rows a run changed are fetched again even when the counts came out the same.
    void rows.refresh();
    if (e.kind === 'check') {
      columns.expand(false);
      byId('table-card').scrollIntoView({ block: 'start' });
    }
  });
}

function chooseFile(file: File | undefined): void {
  if (file === undefined) return;
  void act(async () => {
    byId('sheet-info').textContent = `Reading ${file.name}…`;
    const sheet = await uploadSheet(file);
    render({ ...(await getState()), sheet });
  });
}

function wireDrop(): void {
  const input = byId<HTMLInputElement>('file');
  const drop = byId('drop');
  input.addEventListener('change', () => {
    chooseFile(input.files?.[0]);
    input.value = '';
  });
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    if (state?.job === undefined) chooseFile(event.dataTransfer?.files[0]);
  });
  byId('sign-in').addEventListener('click', () => void act(() => post('sign-in')));
  byId('sign-in-cancel').addEventListener('click', () => void act(() => post('stop')));
  byId('toast').addEventListener('click', clearProblem);
}

wireDrop();
listen();
void act(async () => render(await getState()));
