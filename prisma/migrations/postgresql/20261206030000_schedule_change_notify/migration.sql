-- Workers LISTEN on almanac_schedule_changes (lib/scheduler/changes.ts) and run their incremental
-- sync when it fires, so an edit is armed within milliseconds instead of at the next 1 s poll.
-- The triggers run in the transaction of the write itself, and the notification is delivered
-- when it commits: whoever writes (the API, the assistant, a script) needs to do nothing.
-- Updates that leave updatedAt alone (the bookkeeping of lastRunAt, lastRunStatus and nextRunAt)
-- notify nobody. (Triggers, not rules: a table with rules refuses INSERT ... ON CONFLICT.)
-- Prisma's own migration engine splits a file at every semicolon, even inside quotes, so the
-- function body spells its semicolons as the escape \073 in an E-string, and the channel is the
-- trigger argument.
CREATE OR REPLACE FUNCTION "almanac_notify_schedule_change"() RETURNS trigger
LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(TG_ARGV[0], TG_TABLE_NAME)\073 RETURN NULL\073 END';

CREATE TRIGGER "Schedule_notify_insert_delete" AFTER INSERT OR DELETE ON "Schedule"
  FOR EACH STATEMENT EXECUTE FUNCTION "almanac_notify_schedule_change"('almanac_schedule_changes');

CREATE TRIGGER "Schedule_notify_edit" AFTER UPDATE ON "Schedule"
  FOR EACH ROW WHEN (OLD."updatedAt" IS DISTINCT FROM NEW."updatedAt")
  EXECUTE FUNCTION "almanac_notify_schedule_change"('almanac_schedule_changes');

CREATE TRIGGER "ScheduleTombstone_notify" AFTER INSERT OR UPDATE ON "ScheduleTombstone"
  FOR EACH STATEMENT EXECUTE FUNCTION "almanac_notify_schedule_change"('almanac_schedule_changes');
