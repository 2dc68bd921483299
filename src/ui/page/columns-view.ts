// Step 2: the sheet's columns, each with the field it is read as, changeable (the command line's --map),
// the worksheet and header row choosable, and the values for rows that lack a customer or profile.
// Every change is read again by the server, with the same reader and mapping a run uses.
import type { Choices, FieldInfo, FieldName, SheetView } from './api-types.js';
import { byId, el, show } from './dom.js';

export interface ColumnsView {
  render(sheet: SheetView, fields: readonly FieldInfo[]): void;
  choices(): Choices;
  setBusy(busy: boolean): void;
  /** Folds the columns away (after a check, so that the rows come first) or opens them again. */
  expand(open: boolean): void;
}

export function columnsView(onChange: (choices: Choices) => void, onCheck: (choices: Choices) => void): ColumnsView {
  const form = byId<HTMLFormElement>('choices');
  const sheetSelect = byId<HTMLSelectElement>('sheet-select');
  const headerRow = byId<HTMLInputElement>('header-row');
  const customer = byId<HTMLInputElement>('customer');
  const policy = byId<HTMLInputElement>('policy');
  const body = byId('columns');
  let shown: SheetView | undefined;
  const toggle = byId<HTMLButtonElement>('columns-toggle');
  const expand = (open: boolean): void => {
    show(form, open);
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Hide the columns' : 'Show the columns';
  };
  toggle.addEventListener('click', () => expand(form.hidden !== false));

  const current = (): Choices => {
    const map = { ...(shown?.choices.map ?? {}) };
    const row = Number(headerRow.value);
    return {
      map,
      ...(sheetSelect.value === '' ? {} : { sheet: sheetSelect.value }),
      ...(Number.isSafeInteger(row) && row >= 1 ? { headerRow: row } : {}),
      ...(customer.value.trim() === '' ? {} : { customer: customer.value.trim() }),
      ...(policy.value.trim() === '' ? {} : { policy: policy.value.trim() }),
    };
  };

  sheetSelect.addEventListener('change', () => {
    // Another worksheet has its own header: found afresh (the header row left blank), its mapping started over.
    headerRow.value = '';
    onChange({ ...current(), map: {} });
  });
  headerRow.addEventListener('change', () => onChange(current()));
  customer.addEventListener('change', () => onChange(current()));
  policy.addEventListener('change', () => onChange(current()));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onCheck(current());
  });

  const fieldSelect = (sheet: SheetView, index: number, header: string, field: FieldName | undefined, fields: readonly FieldInfo[]): HTMLSelectElement => {
    const explicit = Object.entries(sheet.choices.map).some(([, h]) => h === header);
    // A column its header names is read so whatever the mapping; to read another column as that field, map that one.
    const byAlias = field !== undefined && !explicit;
    const select = el('select', { id: `field-${index}`, 'aria-label': `Field of column ${header || `#${index + 1}`}` });
    select.append(el('option', { value: '', disabled: byAlias }, byAlias ? 'not used (its header names a field)' : 'not used'));
    for (const f of fields) select.append(el('option', { value: f.field, selected: f.field === field }, f.words));
    select.addEventListener('change', () => {
      const map: Choices['map'] = {};
      for (const [k, h] of Object.entries(sheet.choices.map) as Array<[FieldName, string]>) if (h !== header && k !== select.value) map[k] = h;
      if (select.value !== '') map[select.value as FieldName] = header;
      onChange({ ...current(), map });
    });
    return select;
  };

  return {
    render(sheet, fields) {
      shown = sheet;
      sheetSelect.replaceChildren(...sheet.sheets.map((name) => el('option', { value: name, selected: name === sheet.sheet }, name)));
      sheetSelect.disabled = sheet.sheets.length < 2;
      if (sheet.sheets.length === 0) sheetSelect.append(el('option', { value: '' }, sheet.format === 'xlsx' || sheet.format === undefined ? '(none found)' : `(${sheet.format.toUpperCase()}: one table)`));
      headerRow.value = sheet.headerRow === undefined ? '' : String(sheet.headerRow);
      customer.value = sheet.choices.customer ?? '';
      policy.value = sheet.choices.policy ?? '';
      const words = new Map(fields.map((f) => [f.field, f.words]));
      body.replaceChildren(
        ...sheet.columns.map((c) => {
          const suggestion = c.suggestion === undefined ? '' : ` (may be the ${words.get(c.suggestion) ?? c.suggestion})`;
          return el(
            'tr',
            { class: c.field === undefined ? 'unused' : '' },
            el('th', { scope: 'row' }, c.header || `(column ${c.index + 1}, no header)`, el('span', { class: 'hint' }, suggestion)),
            el('td', { class: 'example' }, c.example),
            el('td', {}, fieldSelect(sheet, c.index, c.header, c.field, fields)),
          );
        }),
      );
      const read = sheet.columns.filter((c) => c.field !== undefined).length;
      byId('columns-brief').textContent = sheet.columns.length === 0 ? '' : `${read} read, ${sheet.columns.length - read} kept as they are`;
      const problem = byId('sheet-problem');
      problem.textContent = sheet.problem ?? '';
      show(problem, sheet.problem !== undefined);
      const missing = byId('missing');
      missing.textContent = sheet.missing.length === 0 ? '' : `Still missing: ${sheet.missing.join('; ')}.`;
      show(missing, sheet.missing.length > 0);
      byId<HTMLButtonElement>('check').disabled = sheet.missing.length > 0 || sheet.problem !== undefined;
    },
    choices: current,
    expand,
    setBusy(busy) {
      byId<HTMLFieldSetElement>('choices-fields').disabled = busy;
    },
  };
}
