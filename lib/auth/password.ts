// Password hashing with bcrypt (pure JS: nothing to compile). Cost 11 is about 100 ms here.
import bcrypt from "bcryptjs";

const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

// A real hash to compare against when the email is unknown or its account has no password (single
// sign-on), so the answer takes as long either way.
const DUMMY_HASH = bcrypt.hashSync("almanac-timing-equaliser", COST);

export function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  return bcrypt.compare(password, hash ?? DUMMY_HASH).then((ok) => ok && hash != null);
}
