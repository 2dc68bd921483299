// A string read from a large parsed chunk (an XLSX sheet's XML, say) may be a V8 "sliced" string that
// keeps the whole chunk alive for as long as it is kept. What a run holds on to for every row (device
// IDs, earlier results) is copied into a string of its own, so reading a 300k-row workbook does not end
// up holding the workbook's XML.
export function detach(text: string): string {
  return text === '' ? text : Buffer.from(text, 'utf8').toString('utf8');
}
