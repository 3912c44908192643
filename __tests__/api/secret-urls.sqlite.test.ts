// Secret URLs on SQLite (see secret-urls-suite.ts).
import { sqliteFor } from "../support/handlers";
import { secretUrlSuite } from "./secret-urls-suite";

const target = sqliteFor("secret-urls");
secretUrlSuite(() => target);
