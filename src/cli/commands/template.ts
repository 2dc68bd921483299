import type { Argv } from 'yargs';
import { DEFAULT_TEMPLATE } from '../../template/names.js';
import { documented, runsGiven, type CommandHelp } from '../help.js';

export const HELP: CommandHelp = {
  groups: {},
  examples: [
    ['$0 template', `write ${DEFAULT_TEMPLATE} here: a Devices sheet to fill in and an Instructions sheet`, runsGiven()],
    ['$0 template devices.csv', 'the same columns as a CSV (UTF-8 with BOM), for lists made by scripts', runsGiven()],
  ],
};

export function templateCommand(y: Argv, setExit: (code: number) => void): void {
  y.command(
    'template [file]',
    'write a blank input template (.xlsx or .csv by its extension)',
    (c) => documented(c.positional('file', { type: 'string', default: DEFAULT_TEMPLATE, describe: 'where to write it' }), HELP, process.env),
    async (a) => {
      const { writeTemplate } = await import('../../template/write.js');
      await writeTemplate(a.file);
      process.stdout.write(`Wrote ${a.file}\n`);
      setExit(0);
    },
  );
}
