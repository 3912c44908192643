// The files Almanac creates on disk hold every account's schedules, payloads, password hashes and
// the signing secret: the data folder is created 0700 and the files in it 0600, readable by the
// user Almanac runs as only, whatever the umask. A folder or file that already exists (made by the
// operator, or by an older version) keeps its modes: the operator may have given them on purpose
// (a backup group, say); prepare() warns when the database or the secret is readable by others.
import { closeSync, mkdirSync, openSync, statSync } from "node:fs";
import path from "node:path";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` and its missing parents, 0700; one that exists is left as it is. */
export function ensurePrivateDir(dir: string): void {
  // The mode applies to every folder this creates; a umask can only take bits away from it.
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Creates `file` empty, 0600, in a private folder, unless it exists. For the SQLite database: an
 * empty file is a new database, and SQLite gives the -wal and -shm files it creates beside it the
 * database file's mode.
 */
export function ensurePrivateFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  try {
    closeSync(openSync(file, "wx", PRIVATE_FILE_MODE)); // "wx" fails if the file exists
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
}

/** Those of `files` that exist and that users other than the owner may read or write. */
export function openToOthers(files: string[]): { file: string; mode: string }[] {
  return files.flatMap((file) => {
    try {
      const mode = statSync(file).mode & 0o777;
      return mode & 0o077 ? [{ file, mode: mode.toString(8).padStart(4, "0") }] : [];
    } catch {
      return [];
    }
  });
}
