// The one place exceljs is loaded, with its stream iterator replaced by a fixed one (see
// iterate-stream.ts). exceljs requires that file when it loads, so the replacement is put into the
// CommonJS module cache before exceljs itself is required. Import exceljs's values from here; its types
// may still be imported from 'exceljs' (type imports load nothing).
import { createRequire, Module } from 'node:module';
import type * as ExcelJSModule from 'exceljs';
import { checkInstalledExceljs, iterateStreamPath as iteratorPath } from './exceljs-expected.js';
import { iterateStream } from './iterate-stream.js';

const require = createRequire(import.meta.url);
const iterateStreamPath = iteratorPath();
checkInstalledExceljs();
if (require.cache[iterateStreamPath] === undefined) {
  const fixed = new Module(iterateStreamPath);
  fixed.filename = iterateStreamPath;
  fixed.loaded = true;
  fixed.exports = iterateStream;
  require.cache[iterateStreamPath] = fixed;
}

const ExcelJS = require('exceljs') as typeof ExcelJSModule;

/** True when exceljs runs with the fixed iterator (it was not loaded before this module). */
export const iteratorFixed: boolean = require.cache[iterateStreamPath]?.exports === iterateStream;

export default ExcelJS;

// exceljs 4.4 has worksheet-level data validations (a range per rule, which Excel stores as one
// element) but its typings only declare the per-cell form.
declare module 'exceljs' {
  interface Worksheet {
    readonly dataValidations: {
      add(address: string, validation: ExcelJSModule.DataValidation): ExcelJSModule.DataValidation;
      /** Keyed by cell address: a range read from a file is spread over every cell it covers. */
      readonly model: Readonly<Record<string, ExcelJSModule.DataValidation | undefined>>;
    };
  }
}
