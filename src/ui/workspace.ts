// Where the page keeps what it is given and what it writes: a folder of the engineer's (--folder), one
// subfolder per sheet dropped, holding the sheet as it came and every file the runs write beside it
// (results, report, failures, the journal and its lock). Nothing is deleted: the results of a run sent to
// a real tenant are the engineer's record, downloaded or not, and a stopped run resumes from its journal.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface SheetFiles {
  folder: string;
  /** The sheet as it came, under its own (cleaned) name. */
  input: string;
  name: string;
  stem: string;
  /** A dry run's results (JSON: read back for the table, never offered for download). */
  check: string;
  results: string;
  report: string;
  failures: string;
}

/** A fresh subfolder for a sheet named `given` (as the browser sent its name), made now. */
export async function sheetFolder(root: string, given: string, now: Date): Promise<SheetFiles> {
  const name = cleanName(given);
  const stem = name.replace(/\.[^.]*$/, '') || 'sheet';
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const base = join(resolve(root), `${stamp}-${stem}`.slice(0, 100));
  for (let n = 1; ; n++) {
    const folder = n === 1 ? base : `${base}-${n}`;
    try {
      await mkdir(folder, { recursive: false, mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        await mkdir(resolve(root), { recursive: true });
        n--;
        continue;
      }
      throw e;
    }
    return filesIn(folder, name, stem);
  }
}

function filesIn(folder: string, name: string, stem: string): SheetFiles {
  // Named as `apply` names them beside its input (a results file given back gets `.results.results.xlsx`).
  const base = stem;
  return {
    folder,
    input: join(folder, name),
    name,
    stem,
    check: join(folder, `${base}.check.json`),
    results: join(folder, `${base}.results.xlsx`),
    report: join(folder, `${base}.report.md`),
    failures: join(folder, `${base}.failures.xlsx`),
  };
}

/**
 * A file name as a browser sends it, made safe to create: its last path segment, without control
 * characters or characters Windows refuses, not a dot name, at most 120 characters (extension kept).
 */
export function cleanName(given: string): string {
  const last = given.split(/[\\/]/).pop() ?? '';
  const cleaned = last.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^[.\s]+/, '').trim();
  if (cleaned === '') return 'sheet';
  if (cleaned.length <= 120) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 120 - extension.length) + extension;
}
