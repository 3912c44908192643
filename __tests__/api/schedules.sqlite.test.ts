// The schedules API handlers on SQLite (see schedules-suite.ts).
import { sqliteFor } from "../support/handlers";
import { scheduleApiSuite } from "./schedules-suite";

const target = sqliteFor("schedules-api");
scheduleApiSuite(() => target);
