// The options of the runs the page starts, made as the command line makes them (cli/commands/apply.ts):
// the engineer's choices on the page stand for --sheet, --header-row, --map, --customer and --policy;
// the connection is the one `device-policy ui` was started with; every other option keeps its default.
import { defaultBatchName, type ApplyOptions } from '../apply/options.js';
import { DEFAULTS, type ConnectionOptions } from '../setup/options.js';
import type { Choices } from './page/api-types.js';
import type { SheetFiles } from './workspace.js';

export function checkOptions(connection: ConnectionOptions, files: SheetFiles, choices: Choices): ApplyOptions {
  return {
    ...connection,
    file: files.input,
    out: files.check,
    dryRun: true,
    sheet: blankless(choices.sheet),
    headerRow: choices.headerRow,
    map: { ...choices.map },
    customer: blankless(choices.customer),
    policy: blankless(choices.policy),
    offline: false,
    checkPolicies: true,
    verifyDevices: true,
    register: false,
    batch: defaultBatchName(files.input),
    chunkSize: DEFAULTS.chunkSize,
    concurrency: DEFAULTS.concurrency,
    perCustomer: DEFAULTS.perCustomer,
    wait: false,
    waitTimeoutMs: DEFAULTS.waitTimeoutSeconds * 1000,
    report: undefined,
    failures: undefined,
    // The check's own file, written again at every check.
    overwrite: true,
    restart: false,
    json: false,
    // The page shows the progress; the closing lines go to the page's notes.
    quiet: true,
    ticket: undefined,
    into: undefined,
  };
}

/** The run that sends what the check showed: the same options, sending, with every output beside the results. */
export function applyOptions(checked: ApplyOptions, files: SheetFiles): ApplyOptions {
  return { ...checked, dryRun: false, out: files.results, report: files.report, failures: files.failures, overwrite: false };
}

function blankless(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}
