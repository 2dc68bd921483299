// exceljs's streaming workbook writer on its own. The results writer needs nothing else of exceljs, and
// its package entry loads everything (the in-memory workbook, the streaming reader and their
// dependencies: some 660 modules against the writer's 205), which cost a 10,000-row dry run about a
// tenth of a second more. The reader, which carries this project's patch, still comes from exceljs.ts.
import { createRequire } from 'node:module';
import type * as ExcelJSModule from 'exceljs';
import { checkInstalledExceljs } from './exceljs-expected.js';

type WorkbookWriterClass = typeof ExcelJSModule.stream.xlsx.WorkbookWriter;

const require = createRequire(import.meta.url);
// The same guard as for the whole of exceljs: the version this project was written against.
checkInstalledExceljs();
export const WorkbookWriter = require('exceljs/lib/stream/xlsx/workbook-writer.js') as WorkbookWriterClass;
