// Token expiry limits on SQLite (see token-expiry-suite.ts).
import { sqliteFor } from "../support/handlers";
import { tokenExpirySuite } from "./token-expiry-suite";

const target = sqliteFor("token-expiry");
tokenExpirySuite(() => target);
