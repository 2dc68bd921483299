/** A command-line value that parses but makes no sense (e.g. --chunk-size 0), or an environment variable that does not. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
