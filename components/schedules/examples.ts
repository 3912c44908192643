// Schedules to start from, offered while the list is empty.
import type { ScheduleInput } from "@/lib/api";

export type ExampleSchedule = Required<Pick<ScheduleInput, "name" | "cronExpression">> & Pick<ScheduleInput, "description">;

export const EXAMPLE_SCHEDULES: ExampleSchedule[] = [
  { name: "Nightly backup", cronExpression: "0 0 * * *", description: "Every day at midnight" },
  { name: "Weekday standup reminder", cronExpression: "0 9 * * 1-5", description: "Monday to Friday at 9:00" },
  { name: "Every 15 minutes health check", cronExpression: "*/15 * * * *", description: "Four times an hour" },
  { name: "Monthly report", cronExpression: "0 8 1 * *", description: "The 1st of each month at 8:00" },
];
