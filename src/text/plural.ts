// "1 row", "3 rows": every count a person reads (progress, closing lines, messages, the report) gets its
// plural right and its thousands grouped the same way.
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
