import type { Argv } from 'yargs';
import { writeTemplate } from '../../template.js';

export function templateCommand(y: Argv, setExit: (code: number) => void): void {
  y.command(
    'template [file]',
    'write a blank input template (.xlsx or .csv by its extension)',
    (c) => c.positional('file', { type: 'string', default: 'device-policy-template.xlsx', describe: 'where to write it' }),
    async (a) => {
      await writeTemplate(a.file);
      process.stdout.write(`Wrote ${a.file}\n`);
      setExit(0);
    },
  );
}
