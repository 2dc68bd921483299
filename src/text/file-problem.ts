// The words for why a file could not be read, for the errors a user acts on ("no such file") rather
// than Node's `ENOENT: no such file or directory, open '…'`. Undefined for a code without plain words:
// each caller says what it knows instead.
export function fileProblemWords(code: string | undefined): string | undefined {
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EIO':
      return 'the disk reported an input/output error';
    default:
      return undefined;
  }
}
