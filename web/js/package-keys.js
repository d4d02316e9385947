// Where an unpacked file of a SPARROW package is kept: the package's content address with the
// file's path as a query parameter. Not a #fragment: Cache Storage ignores fragments when it
// matches, so every file of a package would land on one entry. No imports, so the model store
// (which has none) can use it too.
export const packageFileKey = (key, path) => `${key}${key.includes('?') ? '&' : '?'}wl-package-file=${encodeURIComponent(path)}`;
