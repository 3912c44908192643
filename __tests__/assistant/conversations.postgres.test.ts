// The assistant's conversation cases on PostgreSQL (see conversations-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { conversationSuite } from "./conversations-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  conversationSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
