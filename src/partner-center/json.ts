// Partner Center bodies may start with a UTF-8 byte-order mark, which JSON.parse rejects.

export type JsonResult = { ok: true; value: unknown } | { ok: false; error: unknown };

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseJsonText(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(stripBom(text)) };
  } catch (error) {
    return { ok: false, error };
  }
}
