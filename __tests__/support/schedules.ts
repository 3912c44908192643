// Schedule rows in the forms the code under test returns them.
import type { ScheduleRow, StoredSchedule } from "../../lib/schedules/serialize";

/** A row as Prisma reads it, in the form the driver's reads and writes return (instants as ISO text). */
export const storedForm = (row: ScheduleRow): StoredSchedule => ({
  ...row,
  lastRunAt: row.lastRunAt?.toISOString() ?? null,
  nextRunAt: row.nextRunAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  failureAlertedAt: row.failureAlertedAt?.toISOString() ?? null,
});
