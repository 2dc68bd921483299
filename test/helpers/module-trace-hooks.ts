// The resolve hook module-trace.ts registers: appends each resolved URL to the trace file.
import { appendFileSync } from 'node:fs';
import type { InitializeHook, ResolveHook } from 'node:module';

let file = '';

export const initialize: InitializeHook<{ file: string }> = (data) => {
  file = data.file;
};

export const resolve: ResolveHook = async (specifier, context, next) => {
  const resolved = await next(specifier, context);
  appendFileSync(file, `${resolved.url}\n`);
  return resolved;
};
