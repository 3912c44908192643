/** The request header through which proxy.ts tells server components which page was asked for. */
export const PAGE_PATH_HEADER = "x-almanac-path";
