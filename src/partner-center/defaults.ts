// The client's defaults that the command line shows too (setup/options.ts builds DEFAULTS from them): in
// a module of their own, so that `--help` and `--version` do not load the client's options to say them.
/** Retries of one request, not counting the first attempt. */
export const DEFAULT_MAX_RETRIES = 5;
/** Per attempt. */
export const DEFAULT_TIMEOUT_MS = 60_000;
