// Shared with the server pages, which load the first page: a "use client" module's exports would
// reach them as client references, not values.
export const RUNS_PAGE_SIZE = 50;
/** How often a run list refreshes while a run on screen is queued or running. */
export const POLL_MS = 2500;
