/** How many upcoming runs the schedule page lists (computed by the server page, refreshed after an edit). */
export const UPCOMING_COUNT = 10;
