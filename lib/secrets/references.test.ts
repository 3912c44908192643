// `{{secrets.NAME}}` references and the Redactor that hides their values from what a run records.
import { expect, test } from "vitest";
import { fillSecrets, mapStrings, redacted, Redactor, refsInJson, secretRefs, SECRET_NAME_PATTERN } from "./references";

test("references are found with or without spaces inside the braces, each name once", () => {
  expect(secretRefs("Bearer {{secrets.TOKEN}} and {{ secrets.TOKEN }} and {{secrets.other_1}}")).toEqual(["TOKEN", "other_1"]);
  expect(secretRefs("{{secret.TOKEN}} {{secrets.}} {secrets.X}")).toEqual([]);
  expect(fillSecrets("a={{secrets.A}}&b={{ secrets.B }}", (n) => n.toLowerCase() + "!")).toBe("a=a!&b=b!");
});

test("references in a JSON value come with the path of the string they are in", () => {
  const payload = { url: "https://x/{{secrets.P}}", headers: { Authorization: "Bearer {{secrets.T}}" }, body: { list: ["{{secrets.B}}", 1, null] } };
  expect(refsInJson(payload)).toEqual([
    { path: "url", name: "P" },
    { path: "headers.Authorization", name: "T" },
    { path: "body.list.0", name: "B" },
  ]);
  expect(mapStrings(payload, (s) => s.toUpperCase())).toEqual({ URL: "HTTPS://X/{{SECRETS.P}}", HEADERS: { AUTHORIZATION: "BEARER {{SECRETS.T}}" }, BODY: { LIST: ["{{SECRETS.B}}", 1, null] } });
});

test("secret names look like environment variables", () => {
  for (const ok of ["A", "_x", "API_KEY_2", "a".repeat(64)]) expect(SECRET_NAME_PATTERN.test(ok)).toBe(true);
  for (const bad of ["", "1A", "A-B", "A B", "a".repeat(65), "ü"]) expect(SECRET_NAME_PATTERN.test(bad)).toBe(false);
});

test("the redactor hides every occurrence, the longer value first, in text and in JSON keys and values", () => {
  const r = new Redactor();
  expect(r.redact("nothing to hide")).toBe("nothing to hide");
  r.add("SHORT", "hunter2");
  r.add("LONG", "hunter2-and-more");
  expect(r.redact("a hunter2 b hunter2-and-more c")).toBe(`a ${redacted("SHORT")} b ${redacted("LONG")} c`);
  expect(r.redactJson({ "key hunter2": ["x hunter2", 3, { deep: "hunter2" }] })).toEqual({ "key [secret SHORT]": ["x [secret SHORT]", 3, { deep: "[secret SHORT]" }] });
});

test("text arriving in pieces keeps back only an ending that could start a value", () => {
  const r = new Redactor();
  r.add("T", "s3cr3t-value");
  expect(r.safeLength("plain output")).toBe("plain output".length);
  expect(r.safeLength("token is s3cr")).toBe("token is ".length);
  expect(r.safeLength("ends with s")).toBe("ends with ".length);
  // Fed in pieces the way a stream arrives, the value never shows.
  let buffered = "";
  let out = "";
  for (const piece of ["echo s3c", "r3t-va", "lue done"]) {
    buffered += piece;
    const n = r.safeLength(buffered);
    out += r.redact(buffered.slice(0, n));
    buffered = buffered.slice(n);
  }
  out += r.redact(buffered);
  expect(out).toBe("echo [secret T] done");
});
