import path from "node:path";
import { expect, test } from "vitest";
import { describeTarget, resolveDbTarget } from "./target";

test("no DATABASE_URL means SQLite in the data directory", () => {
  expect(resolveDbTarget({ dataDir: "/srv/almanac" })).toEqual({ provider: "sqlite", file: "/srv/almanac/almanac.db", url: "file:/srv/almanac/almanac.db" });
});

test.each([
  ["file:/var/lib/a.db", "/var/lib/a.db"],
  ["file:///var/lib/a.db", "/var/lib/a.db"],
  ["file:./local.db", path.resolve("local.db")],
  ["file:/tmp/with%20space.db?mode=rwc", "/tmp/with space.db"],
])("%s is a SQLite file at %s", (url, file) => {
  expect(resolveDbTarget({ dataDir: "/x", DATABASE_URL: url })).toMatchObject({ provider: "sqlite", file });
});

test("postgres URLs select PostgreSQL, and logs never show the password", () => {
  const t = resolveDbTarget({ dataDir: "/x", DATABASE_URL: "postgresql://almanac:s3cret@db:5432/almanac" });
  expect(t).toEqual({ provider: "postgresql", url: "postgresql://almanac:s3cret@db:5432/almanac" });
  expect(describeTarget(t)).toBe("PostgreSQL postgresql://almanac:***@db:5432/almanac");
});
