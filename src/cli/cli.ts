// The command line: each command is its options and one call into the library (commands/*.ts).
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { VERSION } from '../package/version.js';
import { applyCommand, HELP as APPLY_HELP } from './commands/apply.js';
import { statusCommand, HELP as STATUS_HELP } from './commands/status.js';
import { templateCommand, HELP as TEMPLATE_HELP } from './commands/template.js';
import { simulatorCommand, HELP as SIMULATOR_HELP } from './commands/simulator.js';
import { demoCommand, HELP as DEMO_HELP } from './commands/demo.js';
import { completionCommand, HELP as COMPLETION_HELP } from './commands/completion.js';
import { uiCommand, HELP as UI_HELP } from './commands/ui.js';
import { reportFatal, UsageError } from './fatal.js';
import { optionKeys, TOOL_EXAMPLES, type CommandHelp } from './help.js';
import { checkArguments, emptyValue, explainParseFailure, withCommandHelp, type CommandShape } from './arguments.js';
import { checkEnvNames, envName, parseSwitch } from './env-options.js';

/** Each command's options, for telling a DEVICE_POLICY_* variable of another command from a misspelt one. */
const COMMAND_HELP: Readonly<Record<string, CommandHelp>> = {
  apply: APPLY_HELP, status: STATUS_HELP, template: TEMPLATE_HELP, simulator: SIMULATOR_HELP, demo: DEMO_HELP, completion: COMPLETION_HELP, ui: UI_HELP,
};

/** Each command's options and positional, for the "did you mean" and missing-argument messages. */
const COMMANDS: ReadonlyMap<string, CommandShape> = new Map([
  ['apply', { options: optionKeys(APPLY_HELP), positional: { name: 'file', what: 'the spreadsheet to apply' } }],
  ['status', { options: optionKeys(STATUS_HELP), positional: { name: 'results', what: 'the results file to check' } }],
  ['template', { options: optionKeys(TEMPLATE_HELP), positional: { name: 'file', what: 'the template to write' } }],
  ['simulator', { options: optionKeys(SIMULATOR_HELP) }],
  ['demo', { options: optionKeys(DEMO_HELP) }],
  ['completion', { options: optionKeys(COMPLETION_HELP) }],
  ['ui', { options: optionKeys(UI_HELP) }],
]);

function printsHelp(argv: readonly string[]): boolean {
  return argv.length === 0 || argv.some((arg) => arg === '--help' || arg === '-h');
}

/** Checks the command line before yargs reads it; the exit code of a usage error, or undefined. */
function precheck(argv: readonly string[]): number | undefined {
  try {
    checkArguments(argv, COMMANDS);
    return undefined;
  } catch (error) {
    return reportFatal(error);
  }
}

/** Runs the CLI and resolves to the process exit code (never calls process.exit on the happy path). */
export async function runCli(argv: string[]): Promise<number> {
  const refused = precheck(argv);
  if (refused !== undefined) return refused;
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const parser: Argv = yargs(argv)
    .scriptName('device-policy')
    .usage('$0 <command> [options]\n\nAssign Windows Autopilot policies to devices in bulk through Partner Center.')
    .version(VERSION)
    .alias('V', 'version')
    .help()
    .alias('h', 'help')
    .strict()
    // yargs's messages in English whatever the machine's locale: the rest of the tool speaks English,
    // and arguments.ts rewords the ones it knows.
    .locale('en')
    // yargs renders the whole help text after starting any command, to have it for a later failure that
    // this CLI never shows; wrapping it to the terminal is most of that work (some 40 ms a run), so the
    // text is wrapped only when it is printed: --help, or no command at all.
    .wrap(printsHelp(argv) ? Math.min(110, process.stdout.columns ?? 100) : null)
    // `--out` at the end of the line, or `--out ""`: yargs reads an empty value, which would be taken
    // for a file name.
    .middleware((parsed) => {
      const problem = emptyValue(parsed, COMMANDS);
      if (problem !== undefined) throw problem;
    })
    .fail((message, error) => {
      // yargs calls this for usage errors (message) and for errors thrown by handlers (error). Throwing
      // stops the parse, so a command never runs with an argument it did not understand.
      throw error ?? explainParseFailure(message, argv, COMMANDS) ?? new UsageError(message);
    });
  // Before any command's work: a misspelt DEVICE_POLICY_* name stops it, others are named once.
  parser.middleware((argv) => {
    const name = String(argv._[0] ?? '');
    const help = COMMAND_HELP[name];
    if (help === undefined) return;
    const everyOption = Object.values(COMMAND_HELP).flatMap(optionKeys);
    process.stderr.write(checkEnvNames(name, optionKeys(help), everyOption, process.env));
  });
  applyCommand(parser, setExit);
  statusCommand(parser, setExit);
  templateCommand(parser, setExit);
  simulatorCommand(parser, setExit);
  demoCommand(parser, setExit);
  completionCommand(parser, setExit);
  uiCommand(parser, setExit);
  parser
    .example(TOOL_EXAMPLES.map(([line, does]) => [line, does]))
    .epilogue('Run "$0 <command> --help" for its options and examples. Sign in with PARTNER_CENTER_TOKEN or AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET, or see --auth.');
  // No command at all: what the tool can do, rather than an error about what is missing; but still an
  // exit 2, so that a script that lost its command does not pass for one that ran.
  parser.command('$0', false, (c) => c, () => {
    parser.showHelp((text) => process.stderr.write(`${text}\n`));
    setExit(2);
  });
  try {
    await parser.parseAsync();
  } catch (error) {
    const fatal = withCommandHelp(error, argv, COMMANDS);
    const code = reportFatal(fatal);
    // A job that reads --json's stdout gets JSON even when nothing could start: the same schema, its error.
    const command = jsonCommand(argv, process.env);
    if (command !== undefined) {
      const { jsonFailure } = await import('../report/json-summary.js');
      process.stdout.write(`${JSON.stringify(jsonFailure(command, code, fatal instanceof Error ? fatal.message : String(fatal)), null, 2)}\n`);
    }
    return code;
  }
  return exitCode;
}

/** The command (apply or status) whose --json (or DEVICE_POLICY_JSON) the command line asks for. */
function jsonCommand(argv: readonly string[], env: NodeJS.ProcessEnv): 'apply' | 'status' | undefined {
  const command = argv.find((arg) => !arg.startsWith('-'));
  if (command !== 'apply' && command !== 'status') return undefined;
  const flags = argv.filter((arg) => arg === '--json' || arg.startsWith('--json=') || arg === '--no-json');
  const last = flags[flags.length - 1];
  if (last !== undefined) return last === '--json' || parseSwitch(last.slice('--json='.length)) === true ? command : undefined;
  return parseSwitch(env[envName('json')] ?? '') === true ? command : undefined;
}
