-- Workers LISTEN on almanac_schedule_changes (lib/scheduler/changes.ts) and run their incremental
-- sync when it fires, so an edit is armed within milliseconds instead of at the next 1 s poll.
-- NOTIFY runs in the transaction of the write itself and is delivered when it commits: whoever
-- writes (the API, the assistant, a script) needs to do nothing. Rules, not trigger functions:
-- Prisma's own migration engine splits a file on every semicolon, which a function body cannot
-- survive. A rule's NOTIFY fires once per statement, for bookkeeping updates too (nextRunAt,
-- lastRun). A worker woken for nothing runs one indexed query that finds nothing new.
CREATE RULE "Schedule_notify_insert" AS ON INSERT TO "Schedule" DO ALSO NOTIFY almanac_schedule_changes;

CREATE RULE "Schedule_notify_update" AS ON UPDATE TO "Schedule" DO ALSO NOTIFY almanac_schedule_changes;

CREATE RULE "Schedule_notify_delete" AS ON DELETE TO "Schedule" DO ALSO NOTIFY almanac_schedule_changes;

CREATE RULE "ScheduleTombstone_notify_insert" AS ON INSERT TO "ScheduleTombstone" DO ALSO NOTIFY almanac_schedule_changes;

CREATE RULE "ScheduleTombstone_notify_update" AS ON UPDATE TO "ScheduleTombstone" DO ALSO NOTIFY almanac_schedule_changes;
