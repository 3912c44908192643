// Heartbeat checks through the schedules API on SQLite (see heartbeat-schedules-suite.ts).
import { sqliteFor } from "../support/handlers";
import { heartbeatScheduleSuite } from "./heartbeat-schedules-suite";

const target = sqliteFor("heartbeat-schedules-api");
heartbeatScheduleSuite(() => target);
