/** A command-line value that parses but makes no sense (e.g. --chunk-size 0), or an environment variable that does not. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The command whose `--help` answers the error; the tool's own help when absent. */
  readonly helpFor: string | undefined;

  constructor(message: string, options: { helpFor?: string | undefined } = {}) {
    super(message);
    this.helpFor = options.helpFor;
  }
}
