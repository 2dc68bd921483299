// Step 4: Apply (what the check showed, sent), its live progress (the same events as the command
// line's bar), Stop (Ctrl-C's meaning: no new requests, those in flight finish, the results written),
// "wait for device outcomes" (status --wait), and the files to download.
import type { ProgressView, StateView } from './api-types.js';
import { byId, count, el, plural, show } from './dom.js';

export interface RunView {
  render(state: StateView): void;
  progress(p: ProgressView): void;
}

export function runView(actions: { apply(): void; stop(): void; wait(): void }): RunView {
  const apply = byId<HTMLButtonElement>('apply');
  const stop = byId<HTMLButtonElement>('stop');
  const wait = byId<HTMLButtonElement>('wait');
  const bar = byId<HTMLProgressElement>('progress-bar');
  const text = byId('progress-text');
  apply.addEventListener('click', actions.apply);
  stop.addEventListener('click', actions.stop);
  wait.addEventListener('click', actions.wait);

  return {
    render(state) {
      const table = state.table;
      const job = state.job;
      const signedIn = state.signIn.state === 'signed-in';
      const toSend = table?.kind === 'check' ? table.byStatus.planned : 0;
      const left = table?.kind === 'results' ? table.byStatus['not-sent'] : 0;
      const pending = table?.devices?.pending ?? (table?.kind === 'results' ? table.byStatus.accepted : 0);
      show(byId('run-card'), table !== undefined);
      apply.textContent = left > 0 && toSend === 0 ? 'Apply again (resume)' : toSend > 0 ? `Apply: send ${plural(toSend, 'row')}` : 'Apply';
      apply.disabled = job !== undefined || !signedIn || !state.checked || table === undefined || (toSend === 0 && left === 0) || (table.kind === 'results' && left === 0);
      const stoppable = job !== undefined && (job.kind === 'apply' || job.kind === 'wait');
      show(stop, stoppable);
      stop.disabled = job?.stopping === true;
      stop.textContent = job?.stopping === true ? 'Stopping…' : 'Stop';
      show(wait, table?.kind === 'results');
      wait.disabled = job !== undefined || !signedIn || pending === 0;
      byId('run-advice').textContent = advice(state, toSend, left, pending);
      show(byId('progress'), job !== undefined && (job.kind === 'apply' || job.kind === 'wait' || job.kind === 'check'));
      if (job === undefined) byId('progress-customers-table').hidden = true;
      const files = table?.files ?? [];
      show(byId('downloads'), files.length > 0);
      byId('download-list').replaceChildren(
        ...files.map((f) => el('li', {}, el('a', { href: `files/${f.kind}`, download: f.name, 'data-kind': f.kind }, `${DOWNLOAD_WORDS[f.kind]}: ${f.name}`))),
      );
      byId('folder').textContent = state.folder;
      const notes = byId('notes');
      notes.replaceChildren(...state.notes.map((n) => el('li', {}, n)));
      show(byId('notes-card'), state.notes.length > 0);
    },
    progress(p) {
      show(byId('progress'), true);
      switch (p.stage) {
        case 'looking up':
          bar.max = Math.max(1, p.customersTotal);
          bar.value = p.customersDone;
          text.textContent = `Looking up: ${count(p.customersDone)} of ${plural(p.customersTotal, 'customer')} · ${plural(p.batches, 'device batch', 'device batches')} · ${plural(p.devices, 'device')} listed`;
          return;
        case 'sending':
        case 'registering': {
          bar.max = Math.max(1, p.rowsTotal);
          bar.value = p.rowsDone;
          const unit = p.stage === 'sending' ? 'rows' : 'devices registered';
          text.textContent =
            `${p.stage === 'sending' ? 'Sending' : 'Registering'}: ${count(p.rowsDone)} of ${count(p.rowsTotal)} ${unit} · ${count(p.accepted)} accepted · ${count(p.failed)} failed` +
            `${p.notSent > 0 ? ` · ${count(p.notSent)} not sent` : ''} · ${plural(p.requests, 'request')} (${p.perSecond}/s) · ${count(p.throttled)} throttled · ${p.concurrency} in flight at most`;
          const table = byId('progress-customers-table');
          table.hidden = p.customers.length === 0;
          byId('progress-customers').replaceChildren(
            ...p.customers.map((c) =>
              el('tr', {}, el('th', { scope: 'row' }, c.name ?? c.customer), el('td', { class: 'number' }, count(c.requests)), el('td', { class: 'number' }, count(c.accepted)), el('td', { class: 'number' }, count(c.failed))),
            ),
          );
          return;
        }
        case 'tracking':
          bar.max = Math.max(1, p.jobsTotal);
          bar.value = p.jobsDone;
          text.textContent = `Waiting for the batch jobs: ${count(p.jobsDone)} of ${plural(p.jobsTotal, 'job')} done · devices ${count(p.succeeded)} succeeded, ${count(p.failed)} failed, ${count(p.pending)} pending · round ${p.round}`;
          return;
      }
    },
  };
}

const DOWNLOAD_WORDS = { results: 'Results workbook', report: 'Report for the ticket (Markdown)', failures: 'Rows to fix (workbook)' } as const;

function advice(state: StateView, toSend: number, left: number, pending: number): string {
  const table = state.table;
  if (table === undefined) return '';
  if (state.job?.kind === 'apply') return state.job.stopping ? 'Stopping: no new requests; those in flight get up to 30 s to finish, then the results are written.' : 'Sending…';
  if (state.job?.kind === 'wait') return 'Asking Partner Center for each device\'s outcome, backing off between rounds…';
  if (state.signIn.state !== 'signed-in') return 'Sign in (top right) to apply.';
  if (table.kind === 'check') {
    return toSend > 0
      ? `${plural(toSend, 'row')} will be sent${table.byStatus.invalid > 0 ? `; the ${plural(table.byStatus.invalid, 'invalid row')} will not` : ''}. The results file records every row.`
      : 'Nothing to send: no row is ready (see the table).';
  }
  const again = table.byStatus['not-sent'] + table.byStatus.failed;
  if (!state.checked && again > 0) {
    // A results file dropped on the page: its journal is not here, so what is left goes through a check,
    // as `apply` given the results file back does.
    return `The results of an earlier run: ${plural(again, 'row')} failed or not sent. To send them again, check every row (step 2): the rows accepted, applied or unchanged are kept as they are.`;
  }
  if (left > 0) return `${plural(left, 'row')} not sent (the run was stopped or could not reach the service): Apply again resumes from the journal; nothing answered is sent twice.`;
  if (pending > 0) return `${plural(pending, 'device')} accepted, outcome not known yet: wait for the outcomes, or come back later by dropping the results file here.`;
  return 'Done: every device has its outcome.';
}
