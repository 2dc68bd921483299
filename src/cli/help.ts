// What `--help` shows beyond each option's own line: the options sorted into the same few groups on
// every command, worked examples, and the note on DEVICE_POLICY_* variables. Also where those variables
// become option values, since the groups are the list of a command's options.
import type { Argv } from 'yargs';
import { FIELDS } from '../model.js';
import { ALIASES } from '../map/aliases.js';
import { envName, optionsFromEnv, ENV_PREFIX, SWITCH_WORDS } from './env-options.js';
import { EXIT_CODE_MEANINGS, OUTCOMES } from '../results/exit-codes.js';

export const GROUPS = {
  input: 'Input:',
  sending: 'Sending:',
  output: 'Output:',
  signIn: 'Sign-in:',
  server: 'Server:',
  faults: 'Faults and timing:',
} as const;
export type Group = keyof typeof GROUPS;

/**
 * An example a test runs as written, against the bundled simulator (test/cli/examples.test.ts):
 * `given` names the files a user would have by then (the test makes them); `serves` marks a command
 * that runs until stopped (the simulator), which must start and stop cleanly.
 */
export type ExampleRun = { readonly given: readonly string[] } | { readonly serves: true };

/** Runs as written with nothing but the files named (see ExampleRun). */
export const runsGiven = (...given: string[]): ExampleRun => ({ given });
export const SERVES: ExampleRun = { serves: true };

/** [command line, what it does, and whether a test runs it]; `$0` is the program's name. */
export type Example = readonly [line: string, does: string] | readonly [line: string, does: string, runs: ExampleRun];

export interface CommandHelp {
  /** Every option of the command, by group (the help test checks that none is left out). */
  groups: Partial<Record<Group, readonly string[]>>;
  examples: readonly Example[];
  /** Whether the command ends with the exit codes of a results file (apply, status). */
  exitCodes?: boolean;
  /** Whether the command reads a sheet's columns (apply): its help lists the fields and their headers. */
  columns?: boolean;
}

/** The fields `--map` takes, each with the headers it answers to without one. */
export function columnsNote(): string {
  const width = Math.max(...FIELDS.map((f) => f.length));
  const lines = FIELDS.map((field) => `  ${field.padEnd(width)}  ${ALIASES[field].join(', ')}`);
  return (
    'Columns: found by their headers, whatever the case, spaces and punctuation; any other header is read as a field ' +
    `with --map FIELD=COLUMN (e.g. --map serial="Serial No."). Each field, and the headers it answers to.\n${lines.join('\n')}\n`
  );
}

/** The exit codes and `--json`'s word for each, from the table the code decides by. */
export function exitCodesNote(): string {
  const lines = EXIT_CODE_MEANINGS.map(([code, meaning]) => `  ${String(code).padEnd(3)} ${OUTCOMES[code].padEnd(15)} ${meaning}`);
  return `Exit codes (and --json's "outcome"), the same from apply and status for one results file:\n${lines.join('\n')}\n`;
}

/** The note on DEVICE_POLICY_* variables, with an example from the command's own options. */
function envNote(keys: readonly string[]): string {
  const example = keys.slice(0, 2).map((key) => `${envName(key)}=…`).join(', ');
  return (
    `Each option may also be set in the environment as ${ENV_PREFIX}<OPTION>, in capitals with _ for - ` +
    `(${example}; ${SWITCH_WORDS} for a switch, in any case). The command line wins. Sign-in secrets are never read ` +
    'from these variables: see --auth.'
  );
}

/** The parts of yargs's option table read here (`getOptions()`, which its typings omit). */
interface DefinedOptions {
  getOptions(): { boolean: string[] };
}

/**
 * Adds the groups, examples and environment note to a command's builder, and takes option values from
 * the environment. Called once every option is defined: a switch's variable is read by its own rules
 * (1/0, yes/no, …), which yargs's would read as off for anything but `true`.
 */
export function documented<T>(y: Argv<T>, help: CommandHelp, env: NodeJS.ProcessEnv): Argv<T> {
  const keys = optionKeys(help);
  const switches = new Set((y as unknown as DefinedOptions).getOptions().boolean);
  let command = y;
  for (const [group, options] of Object.entries(help.groups) as [Group, readonly string[]][]) command = command.group([...options], GROUPS[group]);
  for (const [line, description] of help.examples) command = command.example(line, description);
  if (help.columns === true) command = command.epilogue(columnsNote());
  if (help.exitCodes === true) command = command.epilogue(exitCodesNote());
  // `config` values rank below the command line and go through each option's type, choices and coerce.
  if (keys.length === 0) return command;
  return command.config(optionsFromEnv({ keys, switches }, env)).epilogue(envNote(keys));
}

/** Every option of a command, as its help groups list them. */
export function optionKeys(help: CommandHelp): string[] {
  return Object.values(help.groups).flatMap((options) => [...options]);
}

/** The examples of `device-policy --help`. */
export const TOOL_EXAMPLES: readonly Example[] = [
  ['$0 template devices.xlsx', 'a sheet to fill in, with instructions', runsGiven()],
  ['$0 apply devices.xlsx --dry-run', 'check it: what would be sent, and what is wrong in which row', runsGiven('devices.xlsx')],
  ['$0 apply devices.xlsx --wait --report ticket.md', 'send, wait for the outcome of every device, summarise for the ticket', runsGiven('devices.xlsx')],
];
