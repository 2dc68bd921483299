// Turns whatever exceljs hands us for a cell into the text a user sees in Excel, and says whether the
// workbook stored it as a number: a number-stored ID may already have lost digits (SPEC §2 Cells).

export interface CellText {
  text: string;
  /** The workbook stored a number here (directly or as a formula's result). */
  numeric: boolean;
}

const EMPTY: CellText = { text: '', numeric: false };

export function cellText(value: unknown): CellText {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return { text: value.trim(), numeric: false };
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', numeric: false };
  if (value instanceof Date) return { text: dateText(value), numeric: false };
  if (typeof value === 'object') return objectText(value);
  return { text: String(value).trim(), numeric: false };
}

function objectText(value: object): CellText {
  // A formula's cached result is what Excel shows; shared-formula clones arrive with an empty formula.
  if ('result' in value || 'formula' in value || 'sharedFormula' in value) {
    return 'result' in value ? cellText(value.result) : EMPTY;
  }
  if ('richText' in value && Array.isArray(value.richText)) {
    const parts = value.richText.map((run: unknown) =>
      typeof run === 'object' && run !== null && 'text' in run && typeof run.text === 'string' ? run.text : '',
    );
    return { text: parts.join('').trim(), numeric: false };
  }
  // A hyperlink shows its text, never its target.
  if ('hyperlink' in value && 'text' in value) return cellText(value.text);
  if ('error' in value && typeof value.error === 'string') return { text: value.error.trim(), numeric: false };
  if ('text' in value) return cellText(value.text);
  return EMPTY;
}

function numberText(n: number): CellText {
  // A formula whose cached result was an error or a boolean parses to NaN: nothing usable to show.
  if (Number.isNaN(n)) return EMPTY;
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return { text: excelGeneral(n), numeric: true };
  return { text: String(n), numeric: true };
}

/**
 * How Excel's General format shows a number too long to keep every digit: 6 significant digits in
 * scientific notation (9993862736086844 → 9.99386E+15). That is exactly the text a user saw and the
 * pattern validation rejects.
 */
function excelGeneral(n: number): string {
  const [mantissa = '', exponent = '0'] = n.toExponential(5).split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  const sign = exponent.startsWith('-') ? '-' : '+';
  const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
  return `${trimmed}E${sign}${digits}`;
}

/**
 * Excel dates carry no time zone; exceljs builds them as UTC, so the UTC fields are the ones the user
 * typed. A whole day is shown as a date, anything else as a local ISO date-time without a zone.
 */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const rounded = new Date(Math.round(d.getTime() / 1000) * 1000);
  const iso = rounded.toISOString();
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? day : `${day}T${time}`;
}
