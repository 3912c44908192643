-- Nothing to change on SQLite: workers watch PRAGMA data_version instead of a notification
-- (lib/scheduler/changes.ts). This migration exists so both providers keep the same history.
SELECT 1;
