// The cron core: pure functions with an explicit time zone and instant, no database, no Next.js.
export { describeCron, type DescribeOptions } from "./describe";
export { nextRun, nextRuns, MAX_NEXT_RUNS } from "./next-runs";
export { canonicalTimezone } from "./timezone";
export { compileCron, CronError, validateCron, type CompiledCron, type CronValidation } from "./validate";
export type { CronField } from "./fields";
