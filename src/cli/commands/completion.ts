import type { Argv } from 'yargs';
import { documented, type CommandHelp } from '../help.js';

/**
 * yargs answers the completion script's questions under this command name. It is not `completion`
 * itself, because yargs prints its script for `completion --help` too, where the help belongs.
 */
const YARGS_COMPLETION = 'completion-script';

export const HELP: CommandHelp = {
  groups: {},
  examples: [
    ['$0 completion >> ~/.bashrc', 'bash: complete commands and options with Tab in new shells'],
    ['$0 completion >> ~/.zshrc', 'zsh: the same (run it from zsh, which is how the script knows its shell)'],
  ],
};

/** yargs 18 takes the program name and the command to name in the script's install line; its typings omit both. */
interface CompletionScript {
  showCompletionScript($0?: string, cmd?: string): unknown;
}

export function completionCommand(y: Argv, setExit: (code: number) => void): void {
  y.completion(YARGS_COMPLETION, false).command(
    'completion',
    'print a Tab-completion script for bash or zsh, to add to your shell profile',
    (c) => documented(c, HELP, process.env),
    () => {
      (y as unknown as CompletionScript).showCompletionScript('device-policy', 'completion');
      setExit(0);
    },
  );
}
