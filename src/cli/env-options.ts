// DEVICE_POLICY_* variables as option values, for ticket automation that cannot change a command line.
// Not yargs's own .env(): that hands every DEVICE_POLICY_* variable to the strict parser, so one that
// names no option (DEVICE_POLICY_TOKEN, say) would stop every command with "Unknown argument", and it
// would fill positional arguments too. Here only the options a command lists are read, and a variable
// is only ever turned into that option's value, never printed.

export const ENV_PREFIX = 'DEVICE_POLICY_';

/** `--chunk-size` → DEVICE_POLICY_CHUNK_SIZE. */
export function envName(option: string): string {
  return `${ENV_PREFIX}${option.toUpperCase().replace(/-/g, '_')}`;
}

/** The options among `keys` that the environment sets (to a non-empty value), by option name. */
export function optionsFromEnv(keys: readonly string[], env: NodeJS.ProcessEnv): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of keys) {
    const value = env[envName(key)];
    if (value !== undefined && value !== '') values[key] = value;
  }
  return values;
}

/** The DEVICE_POLICY_* variables set, by name only: what a usage error mentions, since one may be its cause. */
export function envOptionNames(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith(ENV_PREFIX) && env[name] !== '')
    .sort();
}
