// What the command line says before yargs reads it: an unknown command or option gets the closest
// known one ("did you mean"), and yargs's own wording for what remains (a missing file, one too many,
// a value outside the choices) is put in the tool's words. yargs's strict mode stays on behind this,
// so an argument neither catches still stops the run.
import { closest, didYouMean } from '../text/closest.js';
import { UsageError } from './fatal.js';

/** A command as the checks need it: its options (without dashes) and what its positional is. */
export interface CommandShape {
  readonly options: readonly string[];
  /** `<file>`: what a missing one is called ("the spreadsheet to apply") and how it is written. */
  readonly positional?: { readonly name: string; readonly what: string };
}

/** yargs's own options, valid everywhere. */
const GLOBAL_OPTIONS = ['help', 'version'];
const SHORT_OPTIONS: Readonly<Record<string, string>> = { h: 'help', V: 'version' };
/** Commands yargs answers that no one types (the shell's Tab completion asks through it). */
const HIDDEN_COMMANDS = ['completion-script'];
const TOOL = 'device-policy';

/** Throws a UsageError for the first unknown command, or for the unknown options of a known one. */
export function checkArguments(argv: readonly string[], commands: ReadonlyMap<string, CommandShape>): void {
  // The completion script's questions are yargs's to answer, partial words and all.
  if (argv.includes('--get-yargs-completions')) return;
  const words = beforeTerminator(argv);
  const command = words.find((w) => !isOption(w));
  if (command !== undefined && !commands.has(command) && !HIDDEN_COMMANDS.includes(command)) {
    throw new UsageError(unknownCommand(command, [...commands.keys()]));
  }
  const shape = command === undefined ? undefined : commands.get(command);
  const known = [...GLOBAL_OPTIONS, ...(shape?.options ?? []), ...(shape?.positional === undefined ? [] : [shape.positional.name])];
  const unknown = words.filter(isOption).flatMap((word) => unknownIn(word, known));
  if (unknown.length === 0) return;
  const where = command === undefined ? '' : ` for ${command}`;
  const described = unknown.map((name) => `${name}${suggestOption(name, known)}`);
  throw new UsageError(
    `unknown ${unknown.length === 1 ? 'option' : 'options'}${where}: ${described.join(', ')}`,
    { helpFor: shape === undefined ? undefined : command },
  );
}

/**
 * yargs's messages for what it checks itself, in the tool's words; undefined when the message is not
 * one of these (it is then shown as yargs wrote it).
 */
export function explainParseFailure(message: string, argv: readonly string[], commands: ReadonlyMap<string, CommandShape>): UsageError | undefined {
  const command = beforeTerminator(argv).find((w) => !isOption(w));
  const shape = command === undefined ? undefined : commands.get(command);
  const helpFor = shape === undefined ? undefined : command;
  const positional = shape?.positional;
  if (/^Not enough non-option arguments/.test(message) && positional !== undefined && command !== undefined) {
    return missingPositional(command, positional);
  }
  const extra = /^Unknown arguments?: (.*)$/s.exec(message)?.[1];
  if (extra !== undefined && command !== undefined && shape !== undefined) {
    const names = extra.split(', ').map((n) => JSON.stringify(n)).join(', ');
    const takes = positional === undefined ? 'no arguments besides its options' : `one ${positional.name}`;
    const verb = extra.includes(', ') ? 'are' : 'is';
    const quotes = positional === undefined ? '' : ' (a name with spaces needs quotes)';
    return new UsageError(`${command} takes ${takes}; ${names} ${verb} one too many${quotes}`, { helpFor });
  }
  const choice = /Argument: (\S+), Given: "(.*)", Choices: (.*)$/m.exec(message);
  if (choice !== null) {
    const [, option = '', given = '', list = ''] = choice;
    const choices = [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
    return new UsageError(`--${option} ${JSON.stringify(given)} is not one of ${choices.join(', ')}${didYouMean(given, choices)}`, { helpFor });
  }
  const needsValue = /^Not enough arguments following: (\S+)$/.exec(message)?.[1];
  if (needsValue !== undefined) return new UsageError(`--${needsValue} needs a value`, { helpFor });
  return undefined;
}

/** A usage error found inside a command (a value out of range) points to that command's help. */
export function withCommandHelp(error: unknown, argv: readonly string[], commands: ReadonlyMap<string, CommandShape>): unknown {
  if (!(error instanceof UsageError) || error.helpFor !== undefined) return error;
  const command = beforeTerminator(argv).find((w) => !isOption(w));
  return command !== undefined && commands.has(command) ? new UsageError(error.message, { helpFor: command }) : error;
}

/**
 * `--out` last on the line, or `--out ""`: yargs reads an empty value, which would be taken for a file
 * name further on. The same for an empty positional (`apply ""`).
 */
export function emptyValue(parsed: { _: ReadonlyArray<string | number>; [key: string]: unknown }, commands: ReadonlyMap<string, CommandShape>): UsageError | undefined {
  const command = typeof parsed._[0] === 'string' ? parsed._[0] : undefined;
  const shape = command === undefined ? undefined : commands.get(command);
  // yargs also sets a camelCase copy of each option (`tokenFile`): the flags as typed are enough.
  const empty = Object.keys(parsed).find((key) => key !== '_' && key !== '$0' && !/[A-Z]/.test(key) && parsed[key] === '');
  if (empty === undefined) return undefined;
  const positional = shape?.positional;
  if (positional !== undefined && command !== undefined && positional.name === empty) return missingPositional(command, positional);
  return new UsageError(`--${empty} needs a value`, { helpFor: shape === undefined ? undefined : command });
}

function missingPositional(command: string, positional: NonNullable<CommandShape['positional']>): UsageError {
  return new UsageError(`name ${positional.what}: ${TOOL} ${command} ${positional.name.toUpperCase()}`, { helpFor: command });
}

function beforeTerminator(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf('--');
  return end < 0 ? argv : argv.slice(0, end);
}

/** `--x`, `-x`; not `-`, `-5` or `-0.1`, which are values. */
function isOption(word: string): boolean {
  return /^-[^-\d.]|^--./.test(word);
}

/** The names `word` gives that no option answers to, as typed (`--dry-runn`, `-z`). */
function unknownIn(word: string, known: readonly string[]): string[] {
  if (!word.startsWith('--')) {
    // `-hV`: each letter an option of its own.
    return [...word.slice(1)].filter((letter) => SHORT_OPTIONS[letter] === undefined).map((letter) => `-${letter}`);
  }
  const name = word.slice(2).split('=')[0] ?? '';
  return knownName(name, known) ? [] : [`--${name}`];
}

/** yargs reads `--dryRun` as `--dry-run`, and `--no-X` as X switched off. */
function knownName(name: string, known: readonly string[]): boolean {
  const kebab = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  if (known.includes(name) || known.includes(kebab)) return true;
  const negated = /^no-?(.+)$/i.exec(kebab)?.[1];
  return negated !== undefined && known.includes(negated.replace(/^-/, ''));
}

function suggestOption(typed: string, known: readonly string[]): string {
  const negated = /^--no-(.+)$/.exec(typed)?.[1];
  const [found] = negated === undefined
    ? closest(typed, known.map((k) => `--${k}`), { limit: 1 })
    : closest(negated, known, { limit: 1 }).map((k) => `--no-${k}`);
  if (found !== undefined) return ` (did you mean ${found}?)`;
  const letter = /^-([a-zA-Z])$/.exec(typed)?.[1];
  // A lone letter is too short to be close to anything; say what it may have been meant as.
  if (letter !== undefined) {
    const long = known.filter((k) => k.startsWith(letter.toLowerCase())).slice(0, 3).map((k) => `--${k}`);
    if (long.length > 0) return ` (options are spelt out: ${long.join(', ')}, …)`;
  }
  return '';
}

function unknownCommand(typed: string, commands: readonly string[]): string {
  let hint = didYouMean(typed, commands);
  // The command left out: `device-policy devices.xlsx`.
  if (hint === '' && /\.(xlsx|csv|json|txt)$/i.test(typed)) hint = ` (to apply it: ${TOOL} apply ${typed})`;
  return `unknown command ${JSON.stringify(typed)}${hint}. Commands: ${commands.join(', ')}`;
}
