import type { Argv } from 'yargs';
import { DEFAULTS } from '../../setup/options.js';
import { defaultBatchName, defaultOutPath } from '../../apply/options.js';
import { parseMapOptions } from '../../map/columns.js';
import { FIELDS } from '../../model.js';
import { connectionOptions, mapOption, positive, SHARED_OPTIONS, ticketReference, toConnection, wholeNumber } from '../args.js';
import { UsageError } from '../fatal.js';
import { documented, runsGiven, type CommandHelp } from '../help.js';

export const HELP: CommandHelp = {
  groups: {
    input: ['sheet', 'header-row', 'map', 'customer', 'policy', 'offline', 'check-policies', 'verify-devices'],
    sending: ['dry-run', 'register', 'batch', 'endpoint', 'chunk-size', 'concurrency', 'per-customer', 'max-retries', 'timeout', 'wait', 'wait-timeout', 'restart'],
    output: ['out', 'into', 'overwrite', 'report', 'failures', 'log', 'json', 'ticket', 'quiet'],
    signIn: ['auth', 'token-file', 'client-id', 'tenant-id'],
  },
  examples: [
    ['$0 apply devices.xlsx --dry-run', 'check the sheet and see what would be sent; nothing is sent', runsGiven('devices.xlsx')],
    ['$0 apply devices.xlsx --wait --report ticket.md', "send, wait for each device's outcome, write a summary for the ticket", runsGiven('devices.xlsx')],
    [
      '$0 apply AutopilotHWID.csv --customer c7f3c849-129f-4b85-a96d-4f8e88b315a3 --policy "Contoso - Standard user-driven" --register',
      'a Get-WindowsAutopilotInfo -Partner file: devices found by hash or serial, registered first if Partner Center does not know them, then given the profile named (the customer and profile of the simulator\'s sample data: put yours)',
      runsGiven('AutopilotHWID.csv'),
    ],
    [
      '$0 apply fix.csv --into devices.results.xlsx --wait --ticket INC0012345',
      'the rows of a --failures file, once fixed: sent again, their new outcome written into the results file they came from (one file for the ticket)',
    ],
  ],
  exitCodes: true,
  columns: true,
};

export function applyCommand(y: Argv, setExit: (code: number) => void): void {
  y.command(
    'apply <file>',
    'validate the sheet, send the policy assignments, write the results file',
    (c) =>
      documented(connectionOptions(c)
        .positional('file', { type: 'string', demandOption: true, describe: 'CSV or XLSX device list' })
        .option('out', { type: 'string', describe: 'results file (.xlsx, .csv or .json)', defaultDescription: '<input>.results.xlsx' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'validate and plan only; send nothing' })
        .option('sheet', { type: 'string', describe: 'worksheet to read' })
        .option('header-row', { type: 'number', describe: '1-based row of the header' })
        .option('map', mapOption(`FIELD=COLUMN (repeatable): read COLUMN as FIELD, one of ${FIELDS.join(', ')} (see Columns below)`))
        .option('customer', { type: 'string', describe: 'customer GUID for rows without one' })
        .option('policy', { type: 'string', describe: 'policy ID or name for rows without one' })
        .option('offline', { type: 'boolean', default: false, describe: 'no lookups: policy IDs go unchecked, rows that need a lookup are invalid' })
        .option('check-policies', { type: 'boolean', default: true, describe: 'check each policy ID against the customer\'s policies before sending (--no-check-policies skips it)' })
        .option('verify-devices', {
          type: 'boolean',
          default: true,
          describe:
            "list each customer's devices before sending, so a device ID it does not have is invalid and a device that already has its policy is unchanged " +
            '(--no-verify-devices skips it; it costs one request per 100 registered devices of each customer)',
        })
        .option('register', { type: 'boolean', default: false, describe: 'register devices resolution does not find (upload them to --batch), then assign them' })
        .option('batch', { type: 'string', describe: 'the device batch --register uploads into (created if absent)', defaultDescription: '<input stem>' })
        .option('chunk-size', { type: 'number', default: DEFAULTS.chunkSize, describe: 'devices per request' })
        .option('concurrency', { type: 'number', default: DEFAULTS.concurrency, describe: 'requests in flight, whole run' })
        .option('per-customer', { type: 'number', default: DEFAULTS.perCustomer, describe: 'requests in flight per customer' })
        .option('wait', { type: 'boolean', default: false, describe: 'track the batch jobs to completion' })
        .option('wait-timeout', SHARED_OPTIONS.waitTimeout)
        .option('report', { type: 'string', describe: 'also write a Markdown summary (FILE.md)' })
        .option('failures', { type: 'string', describe: 'also write only the rows that need fixing (.xlsx, .csv or .json), ready to feed back' })
        .option('overwrite', { type: 'boolean', default: false, describe: 'allow --out to replace the finished results of another run' })
        .option('restart', { type: 'boolean', default: false, describe: 'ignore an existing journal and start over' })
        .option('json', SHARED_OPTIONS.json)
        .option('into', { type: 'string', describe: 'write the outcome of these (fixed) rows into RESULTS, the results file they came from, in place (a Runs column counts attempts)' })
        .option('ticket', { type: 'string', describe: 'a ticket reference (INC0012345), stamped into the Summary, the report, the JSON, the log and the journal' })
        .option('quiet', SHARED_OPTIONS.quiet), HELP, process.env),
    async (a) => {
      const file = a.file;
      if (a['dry-run'] && a.wait) throw new UsageError('--wait tracks the batch jobs a run creates; a --dry-run creates none');
      if (a.batch !== undefined && !a.register) throw new UsageError('--batch names the batch --register uploads into; add --register');
      if (a.register && a.offline) throw new UsageError('--register uploads the devices resolution does not find; --offline looks nothing up');
      const batch = (a.batch ?? defaultBatchName(file)).trim();
      if (batch === '') throw new UsageError('--batch: expected a batch name, got an empty one');
      if (a.into !== undefined && a.out !== undefined && !a['dry-run']) throw new UsageError('--into writes into RESULTS in place; --out names another results file: give one of them');
      const connection = toConnection(a, process.env);
      const { runApply } = await import('../../apply/run.js');
      setExit(
        await runApply({
          ...connection,
          file,
          // With --into, the journal and the lock go beside the file written: RESULTS (a dry run writes its own).
          out: a.out ?? (a.into !== undefined && !a['dry-run'] ? a.into : defaultOutPath(file)),
          dryRun: a['dry-run'],
          sheet: a.sheet,
          headerRow: a['header-row'] === undefined ? undefined : wholeNumber('--header-row', a['header-row'], 1),
          map: parseMapOptions(a.map ?? []),
          customer: a.customer,
          policy: a.policy,
          offline: a.offline,
          checkPolicies: a['check-policies'],
          verifyDevices: a['verify-devices'],
          register: a.register,
          batch,
          chunkSize: wholeNumber('--chunk-size', a['chunk-size'], 1),
          concurrency: wholeNumber('--concurrency', a.concurrency, 1),
          perCustomer: wholeNumber('--per-customer', a['per-customer'], 1),
          wait: a.wait,
          waitTimeoutMs: positive('--wait-timeout', a['wait-timeout']) * 1000,
          report: a.report,
          failures: a.failures,
          overwrite: a.overwrite,
          restart: a.restart,
          json: a.json,
          quiet: a.quiet,
          ticket: ticketReference(a.ticket),
          into: a.into,
        }),
      );
    },
  );
}
