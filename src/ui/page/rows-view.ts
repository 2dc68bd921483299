// Step 3: the table of rows, as the check (or the run) left them: counts per status (each one a filter),
// per customer by name, a status filter and a search, a page of rows at a time from the server.
import type { RowStatus, RowsPage, TableView } from './api-types.js';
import { getRows } from './api.js';
import { byId, count, el, plural, show } from './dom.js';

const STATUS_ORDER: readonly RowStatus[] = ['invalid', 'failed', 'not-sent', 'planned', 'accepted', 'applied', 'unchanged', 'duplicate'];

const STATUS_WORDS: Readonly<Record<RowStatus, string>> = {
  applied: 'applied',
  accepted: 'accepted',
  unchanged: 'unchanged',
  failed: 'failed',
  invalid: 'invalid',
  duplicate: 'duplicate',
  planned: 'to send',
  'not-sent': 'not sent',
};

export interface RowsView {
  render(table: TableView): void;
  /** Fetches the current page of rows again (after a run changed them). */
  refresh(): Promise<void>;
}

export function rowsView(onProblem: (problem: unknown) => void): RowsView {
  const filter = byId<HTMLSelectElement>('status-filter');
  const search = byId<HTMLInputElement>('search');
  const body = byId('rows');
  const counts = byId('counts');
  let offset = 0;
  let page: RowsPage | undefined;
  let asked = 0;

  const load = async (): Promise<void> => {
    const ticket = ++asked;
    try {
      const answer = await getRows({ status: filter.value, search: search.value, offset });
      // A slower answer to an older question must not replace a newer one.
      if (ticket !== asked) return;
      page = answer;
      draw(answer);
    } catch (problem) {
      onProblem(problem);
    }
  };

  const draw = (p: RowsPage): void => {
    body.replaceChildren(
      ...p.rows.map((r) =>
        el(
          'tr',
          { class: `status-${r.status}` },
          el('td', { class: 'number' }, String(r.row)),
          el('td', {}, el('span', { class: `badge ${r.status}` }, STATUS_WORDS[r.status])),
          el('td', { class: 'customer' }, r.customer),
          deviceCell(r.device),
          el('td', {}, r.policy),
          el('td', { class: 'detail' }, r.detail),
        ),
      ),
    );
    if (p.rows.length === 0) body.append(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, p.total === 0 ? 'No rows.' : 'No row matches.')));
    const last = Math.min(p.offset + p.rows.length, p.matched);
    byId('matched').textContent = p.matched === p.total ? `${plural(p.total, 'row')}` : `${count(p.matched)} of ${plural(p.total, 'row')} match`;
    byId('page').textContent = p.matched === 0 ? '' : `rows ${count(p.offset + 1)}–${count(last)} of ${count(p.matched)}`;
    byId<HTMLButtonElement>('previous').disabled = p.offset === 0;
    byId<HTMLButtonElement>('next').disabled = last >= p.matched;
    for (const chip of counts.querySelectorAll<HTMLButtonElement>('button')) chip.setAttribute('aria-pressed', String(chip.dataset['status'] === filter.value));
  };

  const restart = (): void => {
    offset = 0;
    void load();
  };
  filter.addEventListener('change', restart);
  let typing: number | undefined;
  search.addEventListener('input', () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(restart, 200);
  });
  byId('previous').addEventListener('click', () => {
    offset = Math.max(0, offset - (page?.rows.length || 100));
    void load();
  });
  byId('next').addEventListener('click', () => {
    offset += page?.rows.length ?? 0;
    void load();
  });

  return {
    render(table) {
      const present = STATUS_ORDER.filter((s) => table.byStatus[s] > 0);
      const chosen = filter.value;
      filter.replaceChildren(
        el('option', { value: '' }, `every status (${count(table.rows)})`),
        ...present.map((s) => el('option', { value: s, selected: s === chosen }, `${STATUS_WORDS[s]} (${count(table.byStatus[s])})`)),
      );
      counts.replaceChildren(
        ...present.map((s) => {
          const chip = el('button', { type: 'button', class: `badge ${s} chip`, 'data-status': s, 'aria-pressed': String(s === chosen) }, `${count(table.byStatus[s])} ${STATUS_WORDS[s]}`);
          chip.addEventListener('click', () => {
            filter.value = filter.value === s ? '' : s;
            restart();
          });
          return chip;
        }),
      );
      byId('customers').replaceChildren(
        ...table.customers.map((c) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, c.name ?? c.customer, c.name === undefined ? '' : el('span', { class: 'hint mono' }, ` ${c.customer}`)),
            el('td', { class: 'number' }, count(c.rows)),
            el('td', {}, STATUS_ORDER.filter((s) => (c.byStatus[s] ?? 0) > 0).map((s) => `${count(c.byStatus[s] ?? 0)} ${STATUS_WORDS[s]}`).join(', ')),
          ),
        ),
      );
      show(byId('customers-box'), table.customers.length > 0);
      void load();
    },
    refresh: load,
  };
}

/** The device as the sheet names it, and below it the ID it was resolved to ("CT4… → 1234-…"). */
function deviceCell(device: string): HTMLTableCellElement {
  const [named, resolved] = device.split(' → ');
  return el('td', { class: 'device mono' }, named ?? '', resolved === undefined ? '' : el('span', { class: 'resolved' }, `→ ${resolved}`));
}

