// The assistant's conversation cases on SQLite (see conversations-suite.ts).
import { sqliteFor } from "../support/handlers";
import { conversationSuite } from "./conversations-suite";

const target = sqliteFor("assistant-conversations");
conversationSuite(() => target);
