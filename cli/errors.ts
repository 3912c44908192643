// The CLI's exit codes and its one error type: whatever fails ends as a CliError, printed as one
// line on stderr (plus the API's field errors), and exits with its code.

export const EXIT = {
  ok: 0,
  /** The operation failed: a run failed, the API refused the input (its message is printed). */
  failed: 1,
  /** Bad command-line usage (commander's errors, a missing option). */
  usage: 2,
  /** Not logged in, or the server refused the credentials or the role (401, 403). */
  auth: 3,
  notFound: 4,
  /** The server cannot be reached. */
  unreachable: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** Field name to what is wrong with it (the API's `fields`), printed one per line. */
    readonly fields: Record<string, string> = {},
    /** Extra lines printed after the message (apply's per-schedule errors). */
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** The exit code for an API answer's status. */
export function exitForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  return EXIT.failed;
}
