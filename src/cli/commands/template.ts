import type { Argv } from 'yargs';
import { DEFAULT_TEMPLATE, writeTemplate } from '../../template/index.js';

export function templateCommand(y: Argv, setExit: (code: number) => void): void {
  y.command(
    'template [file]',
    'write a blank input template (.xlsx or .csv by its extension)',
    (c) => c.positional('file', { type: 'string', default: DEFAULT_TEMPLATE, describe: 'where to write it' }),
    async (a) => {
      await writeTemplate(a.file);
      process.stdout.write(`Wrote ${a.file}\n`);
      setExit(0);
    },
  );
}
