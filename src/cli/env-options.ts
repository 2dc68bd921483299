// DEVICE_POLICY_* variables as option values, for ticket automation that cannot change a command line.
// Not yargs's own .env(): that hands every DEVICE_POLICY_* variable to the strict parser, so one that
// names no option (DEVICE_POLICY_TOKEN, say) would stop every command with "Unknown argument", and it
// would fill positional arguments too. Here only the options a command lists are read, and a variable
// is only ever turned into that option's value, never printed.
//
// A job's environment is set once and then forgotten, so it is read strictly: a switch that reads as
// neither on nor off, or a name one slip away from an option (DEVICE_POLICY_DRYRUN), stops the run
// rather than quietly meaning "off" — a dry run that sends live is the costliest misreading there is.
import { closest } from '../text/closest.js';
import { UsageError } from './usage-error.js';

export const ENV_PREFIX = 'DEVICE_POLICY_';

/**
 * Variables of the tool's own test suite (src/setup/interrupt.ts reads DEVICE_POLICY_TEST_GRACE_MS): neither
 * options nor mistakes.
 */
const INTERNAL_PREFIX = `${ENV_PREFIX}TEST_`;

/** `--chunk-size` → DEVICE_POLICY_CHUNK_SIZE. */
export function envName(option: string): string {
  return `${ENV_PREFIX}${option.toUpperCase().replace(/-/g, '_')}`;
}

const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['0', 'false', 'no', 'off']);
/** How the help and the errors name the words a switch takes. */
export const SWITCH_WORDS = '1/0, true/false, yes/no or on/off';

/** A switch's value as people write it in any case, or undefined for anything else. */
export function parseSwitch(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  if (ON.has(word)) return true;
  if (OFF.has(word)) return false;
  return undefined;
}

export interface CommandOptions {
  /** Every option of the command, by its long name. */
  readonly keys: readonly string[];
  /** Those that are switches (`--dry-run`, `--no-check-policies`). */
  readonly switches: ReadonlySet<string>;
}

/**
 * The options among `keys` that the environment sets (to a non-empty value), by option name: switches as
 * booleans, the rest as the text given (yargs applies each option's type, choices and coerce to it).
 * A switch may also be set by its `--no-` form's name (DEVICE_POLICY_NO_VERIFY_DEVICES=1 is
 * --no-verify-devices); the option's own name wins when both are set. A switch that reads as neither on
 * nor off is a UsageError naming the variable (never its value).
 */
export function optionsFromEnv(command: CommandOptions, env: NodeJS.ProcessEnv): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const key of command.keys) {
    const name = envName(key);
    const value = env[name];
    const negatedName = envName(`no-${key}`);
    const negated = env[negatedName];
    if (value === undefined || value === '') {
      if (negated === undefined || negated === '') continue;
      if (!command.switches.has(key)) throw new UsageError(`${negatedName}: --${key} is not a switch; set ${name} instead`);
      const on = parseSwitch(negated);
      if (on === undefined) throw new UsageError(`${negatedName} (--no-${key}) must be one of ${SWITCH_WORDS}; its value is none of these`);
      values[key] = !on;
      continue;
    }
    if (!command.switches.has(key)) {
      values[key] = value;
      continue;
    }
    const on = parseSwitch(value);
    if (on === undefined) throw new UsageError(`${name} (--${key}) must be one of ${SWITCH_WORDS}; its value is none of these`);
    values[key] = on;
  }
  return values;
}

export interface StrayVariables {
  /** Names close to one of the command's options, with what they were probably meant to be. */
  readonly misspelt: ReadonlyArray<{ readonly name: string; readonly meant: readonly string[] }>;
  /** Names that set nothing for this command (another command's options, or nothing at all). */
  readonly ignored: readonly string[];
}

/**
 * The DEVICE_POLICY_* variables (in any case, as Windows has them) that set none of `command`'s options.
 * `everyOption` holds the options of every command: a variable naming one of another command's options
 * exactly (DEVICE_POLICY_PORT, the simulator's, beside an `apply`) is ignored, never taken for a typo.
 */
export function strayEnvNames(command: readonly string[], everyOption: Iterable<string>, env: NodeJS.ProcessEnv): StrayVariables {
  // An option's `--no-` form names it too (DEVICE_POLICY_NO_VERIFY_DEVICES).
  const own = new Set(command.flatMap((key) => [envName(key), envName(`no-${key}`)]));
  const anyCommand = new Set([...everyOption].map(envName));
  const misspelt: { name: string; meant: string[] }[] = [];
  const ignored: string[] = [];
  for (const name of envOptionNames(env)) {
    // Windows's environment ignores case, so there a variable in lower case is read as the option.
    const reads = own.has(name) || (process.platform === 'win32' && own.has(name.toUpperCase()));
    if (reads || name.toUpperCase().startsWith(INTERNAL_PREFIX)) continue;
    if (anyCommand.has(name)) {
      ignored.push(name);
      continue;
    }
    // Compared without the prefix, so that the option's own words decide what is close.
    const meant = closest(name.slice(ENV_PREFIX.length), command.map((key) => envName(key).slice(ENV_PREFIX.length)));
    if (meant.length > 0) misspelt.push({ name, meant: meant.map((m) => `${ENV_PREFIX}${m}`) });
    else ignored.push(name);
  }
  return { misspelt, ignored };
}

/** The DEVICE_POLICY_* variables set (any case), by name only: what a usage error mentions, since one may be its cause. */
export function envOptionNames(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((name) => name.toUpperCase().startsWith(ENV_PREFIX) && env[name] !== undefined && env[name] !== '')
    .sort();
}

/**
 * Stops on a DEVICE_POLICY_* name one slip away from one of `command`'s options ("did you mean");
 * returns the one warning line naming those that set nothing for it, or '' when there are none.
 */
export function checkEnvNames(commandName: string, command: readonly string[], everyOption: Iterable<string>, env: NodeJS.ProcessEnv): string {
  const { misspelt, ignored } = strayEnvNames(command, everyOption, env);
  if (misspelt.length > 0) {
    const lines = misspelt.map(({ name, meant }) => `${name} is not an option of ${commandName} (did you mean ${meant.join(' or ')}?)`);
    throw new UsageError(lines.join('\n'));
  }
  if (ignored.length === 0) return '';
  return `device-policy: ignoring ${ignored.join(', ')}: ${ignored.length === 1 ? 'it sets' : 'they set'} no option of ${commandName}\n`;
}
