// Named statements (lib/db/reader.ts statementNamer): one name per text, for as many texts as the
// limit allows, and none past it, so that no connection's statement cache grows without end.
import { expect, test } from "vitest";
import { statementNamer } from "./reader";

test("a text keeps its name; past the limit a new text goes unnamed, the named ones keep theirs", () => {
  const nameOf = statementNamer("t", 2);
  expect(nameOf("SELECT 1")).toBe("t_1");
  expect(nameOf("SELECT 2")).toBe("t_2");
  expect(nameOf("SELECT 1")).toBe("t_1");
  expect(nameOf("SELECT 3")).toBeUndefined();
  expect(nameOf("SELECT 2")).toBe("t_2");
});
