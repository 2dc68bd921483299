// The last line of defence for "no token in any output": text that may echo what we sent (an error
// body, a sign-in failure) is scrubbed of every secret known at that point.

/** Secrets shorter than this are not scrubbed: replacing "a" everywhere would wreck the text. */
const MIN_SECRET_LENGTH = 8;

export function redact(text: string, secrets: Iterable<string>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) result = result.split(secret).join('[redacted]');
  }
  return result;
}
