// The assistant's alert conversations on SQLite (see alerts-suite.ts).
import { sqliteFor } from "../support/handlers";
import { alertsSuite } from "./alerts-suite";

const target = sqliteFor("assistant-alerts");
alertsSuite(() => target);
