// A path or value as one word of a command line the user can paste into a shell: bare when it holds
// only characters every shell reads as themselves, else in double quotes.

export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `"${text.replaceAll('"', '\\"')}"`;
}
