// The member controls offered follow the server's rules (lib/teams/teams.ts): admins manage
// members up to admin, only owners touch owners, viewers and editors manage no one.
import { expect, test } from "vitest";
import { assignableRoles, memberChangeRefusal } from "../../../components/teams/member-rules";
import { TEAM_NAME_MAX as UI_MAX } from "../../../components/teams/team-name";
import { TEAM_NAME_MAX } from "../../../lib/validation/teams";

test("who may change whom", () => {
  expect(memberChangeRefusal("owner", { role: "owner" })).toBeNull();
  expect(memberChangeRefusal("admin", { role: "editor" })).toBeNull();
  expect(memberChangeRefusal("admin", { role: "owner" })).toBe("Only an owner may change an owner's role");
  expect(memberChangeRefusal("editor", { role: "viewer" })).toBe("Managing members needs the admin role");
  expect(memberChangeRefusal("viewer", { role: "viewer" })).toBe("Managing members needs the admin role");
});

test("the roles offered: all to owners, up to admin to admins", () => {
  expect(assignableRoles("owner")).toEqual(["viewer", "editor", "admin", "owner"]);
  expect(assignableRoles("admin")).toEqual(["viewer", "editor", "admin"]);
});

test("the UI's team name limit is the server's", () => {
  expect(UI_MAX).toBe(TEAM_NAME_MAX);
});
