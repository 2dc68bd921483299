// The record stage: results files (written and read back), the journal, the Markdown report.
export { RecordError, isRecordError, type RecordErrorCode } from './errors.js';
export { readResultsFile, resultsFormat, writeResultsFile } from './results-file.js';
export type { ResultRow, ResultsFile, ResultsFormat, ResultsTable } from './table.js';
export {
  journalKey,
  journalPathFor,
  openJournal,
  type EarlierRequest,
  type Journal,
  type JournalAnswer,
  type JournalHeader,
  type JournalIntent,
  type JournalLine,
  type RecordedAnswer,
} from './journal.js';
export { sha256File } from './hash.js';
export { renderReport, writeReport, type AttentionRow, type ReportInput } from './report.js';
export { writeAtomically } from './atomic.js';
