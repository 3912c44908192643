// Single sign-on's account rules on SQLite (see single-sign-on-suite.ts).
import { sqliteFor } from "../support/handlers";
import { singleSignOnSuite } from "./single-sign-on-suite";

const target = sqliteFor("single-sign-on");
singleSignOnSuite(() => target);
