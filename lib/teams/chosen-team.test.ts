// The chosen team comes from a cookie anyone can edit: only a team the user is in, set for this
// user, is taken; anything else falls back to the personal team (whose id is the user's).
import { expect, test } from "vitest";
import { chosenTeamId, teamCookieValue } from "./chosen-team";

const memberOf = (id: string) => ["u1", "t1", "t:odd"].includes(id);

test("the cookie's team when this user set it and is in that team", () => {
  expect(chosenTeamId("u1", memberOf, teamCookieValue("u1", "t1"))).toBe("t1");
  expect(chosenTeamId("u1", memberOf, teamCookieValue("u1", "t:odd")), "ids with a colon survive").toBe("t:odd");
});

test("the personal team otherwise: no cookie, another user's, a team left or never joined, garbage", () => {
  expect(chosenTeamId("u1", memberOf, undefined)).toBe("u1");
  expect(chosenTeamId("u1", memberOf, teamCookieValue("u2", "t1")), "set by another account in this browser").toBe("u1");
  expect(chosenTeamId("u1", memberOf, teamCookieValue("u1", "t9")), "not (or no longer) a member").toBe("u1");
  expect(chosenTeamId("u1", memberOf, "%E0%A4%A:t1")).toBe("u1");
  expect(chosenTeamId("u1", memberOf, "u1")).toBe("u1");
});
