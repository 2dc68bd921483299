// Whether output may be drawn in place (an animated bar, cursor moves): only on a terminal that can show
// it and that nobody asked to keep plain. CI logs keep every redraw as a line of its own; TERM=dumb
// (Emacs shells, some IDE consoles) cannot move the cursor; NO_COLOR (no-color.org) asks for plain text.

/** A variable set to anything but '', '0' or 'false' (CI=true, CI=1, NO_COLOR=1). */
function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

export function drawsInPlace(stream: Pick<NodeJS.WriteStream, 'isTTY'>, env: NodeJS.ProcessEnv): boolean {
  if (stream.isTTY !== true) return false;
  // NO_COLOR counts when present and not empty, whatever its value (no-color.org).
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (isSet(env['CI'])) return false;
  return env['TERM'] !== 'dumb';
}
