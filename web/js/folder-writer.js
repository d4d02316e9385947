// Writes an export (MegaDetector JSON, CSV, COCO) into the folder the user opened with the
// folder picker (File System Access API, Chrome and Edge), next to the images. The folder was
// opened for reading; write permission is asked for here, on the export's click.
//
// The writer only needs a FileSystemDirectoryHandle, so it works the same on a folder of the
// user's disk and on the origin-private file system (navigator.storage.getDirectory()), which
// the browser tests use. createWritable() writes to a temporary file that replaces the old
// one on close(), so a failed write never leaves half a file behind.
//
// Errors are FolderWriteError with a code: no-folder, bad-name, permission, write.

export class FolderWriteError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'FolderWriteError';
    this.code = code;
  }
}

// Asks for readwrite permission when the handle does not have it yet (handles from the
// origin-private file system always do). requestPermission needs a user gesture: call this
// from the click that asked for the export.
export async function ensureWritable(dir) {
  if (typeof dir.queryPermission !== 'function') return;
  let state = await dir.queryPermission({ mode: 'readwrite' });
  if (state !== 'granted' && typeof dir.requestPermission === 'function') state = await dir.requestPermission({ mode: 'readwrite' });
  if (state !== 'granted') throw new FolderWriteError('permission', `the browser was not allowed to write into the folder "${dir.name}"`);
}

// Writes `data` (string, Uint8Array, Blob) as the file `name` in `dir`, replacing a file of
// that name. Resolves to { name, bytes }.
export async function writeIntoFolder(dir, name, data) {
  if (!dir || dir.kind !== 'directory' || typeof dir.getFileHandle !== 'function') {
    throw new FolderWriteError('no-folder', 'no folder is open to save into (open one with "Add folder…" in Chrome or Edge)');
  }
  if (typeof name !== 'string' || name === '' || name === '.' || name === '..' || /[\\/]/.test(name)) {
    throw new FolderWriteError('bad-name', `"${name}" cannot be a file name in the folder`);
  }
  await ensureWritable(dir);
  const blob = data instanceof Blob ? data : new Blob([data]);
  let writable;
  try {
    const file = await dir.getFileHandle(name, { create: true });
    writable = await file.createWritable();
    await writable.write(blob);
    await writable.close();
  } catch (e) {
    if (writable) await writable.abort().catch(() => {});
    const why = e.name === 'QuotaExceededError' ? 'the disk or the browser\'s storage is full'
      : e.name === 'NotAllowedError' ? 'the browser did not allow it' : e.message;
    throw new FolderWriteError('write', `${name} could not be written into the folder "${dir.name}": ${why}`);
  }
  return { name, bytes: blob.size };
}
