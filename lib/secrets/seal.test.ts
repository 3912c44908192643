// The secrets key ring and sealing: where the key comes from, what a sealed value looks like, and
// what a process told to open a value it has no key for says.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { tempDir } from "../../__tests__/support/temp";
import { deriveKey, keyFile, loadKeyRing, nextKeyFile, previousKeyFile, secretsKeyRing } from "./key";
import { isSealed, open, reseal, seal, SealError, sealedKeyId } from "./seal";

const PASSPHRASE = "correct horse battery staple, and then some more";
const OTHER = "another passphrase of at least thirty-two characters";
const ring = (SECRETS_KEY?: string, SECRETS_PREVIOUS_KEY?: string, dataDir = tempDir("secrets-key")) => loadKeyRing({ SECRETS_KEY, SECRETS_PREVIOUS_KEY, dataDir });

describe("the key", () => {
  test("SECRETS_KEY: any text of 32 characters or more, a passphrase included, derived to 32 bytes; its id is 8 hex characters", () => {
    const r = ring(PASSPHRASE);
    expect(r.current.key).toHaveLength(32);
    expect(r.current.id).toMatch(/^[0-9a-f]{8}$/);
    expect(r.current.source).toBe("SECRETS_KEY");
    expect(ring(PASSPHRASE).current.id).toBe(r.current.id); // the same text, the same key
    expect(ring(OTHER).current.id).not.toBe(r.current.id);
    expect(() => deriveKey("too short", "SECRETS_KEY")).toThrow("SECRETS_KEY is shorter than 32 characters");
  });

  test("without SECRETS_KEY, a key is generated into DATA_DIR/secrets-key (0600) once, and read again after", () => {
    const dataDir = path.join(tempDir("secrets-key"), "data");
    const first = loadKeyRing({ dataDir });
    const file = keyFile({ dataDir });
    expect((statSync(file).mode & 0o777).toString(8)).toBe("600");
    expect(readFileSync(file, "utf8").length).toBeGreaterThanOrEqual(32);
    expect(loadKeyRing({ dataDir }).current.id).toBe(first.current.id);
    // The file's text set as SECRETS_KEY gives the same key: how to move from the file to the variable.
    expect(ring(readFileSync(file, "utf8")).current.id).toBe(first.current.id);
  });

  test("processes starting together keep one key, and none reads a half-written file", async () => {
    const dataDir = tempDir("secrets-key-race");
    const script = `import { loadKeyRing } from ${JSON.stringify(path.join(import.meta.dirname, "key.ts"))}; console.log(loadKeyRing({ dataDir: ${JSON.stringify(dataDir)} }).current.id);`;
    const ids = await Promise.all(
      Array.from({ length: 4 }, () => {
        const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: path.join(import.meta.dirname, "../.."), env: { ...process.env, SECRETS_KEY: "" } });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        return new Promise<string>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(err)))));
      }),
    );
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBe(loadKeyRing({ dataDir }).current.id);
    expect(readdirSync(dataDir)).toEqual(["secrets-key"]); // no file of a process's own left behind
  });

  test("a ring is read again when its files change (a rotation by another process)", () => {
    const dataDir = tempDir("secrets-key");
    const e = { dataDir };
    const before = secretsKeyRing(e);
    expect(secretsKeyRing(e)).toBe(before); // cached while nothing changed
    writeFileSync(nextKeyFile(e), "the-next-key-0123456789-0123456789-abcdef");
    expect(secretsKeyRing(e).older.map((k) => k.id)).toEqual([deriveKey("the-next-key-0123456789-0123456789-abcdef", "").id]);
  });
});

describe("sealing", () => {
  test("a sealed value is s1.<key id>.<iv>.<ciphertext+tag>, different each time, and opens to the text", () => {
    const r = ring(PASSPHRASE);
    const a = seal("hunter2-is-the-value", r);
    const b = seal("hunter2-is-the-value", r);
    expect(a).toMatch(new RegExp(`^s1\\.${r.current.id}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]+$`));
    expect(a).not.toBe(b); // a random IV each time
    expect(a).not.toContain("hunter2");
    expect(isSealed(a)).toBe(true);
    expect(sealedKeyId(a)).toBe(r.current.id);
    expect(open(a, r)).toBe("hunter2-is-the-value");
    expect(open(seal("ünïcødé ✓", r), r)).toBe("ünïcødé ✓");
  });

  test("a value sealed under another key: the error names both keys and the likely cause", () => {
    const mine = ring(PASSPHRASE);
    const theirs = ring(OTHER);
    const sealed = seal("v", theirs);
    expect(() => open(sealed, mine)).toThrow(SealError);
    expect(() => open(sealed, mine)).toThrow(
      `sealed under key ${theirs.current.id}, this process has key ${mine.current.id}: SECRETS_KEY differs between the web app and this worker, or the key was rotated`,
    );
  });

  test("a damaged value is refused as damaged, not as another key", () => {
    const r = ring(PASSPHRASE);
    const sealed = seal("some value", r);
    const last = sealed.at(-2) === "A" ? "B" : "A";
    expect(() => open(sealed.slice(0, -2) + last + sealed.at(-1), r)).toThrow(`does not open under key ${r.current.id}, the key it names: it is damaged`);
    expect(() => open("plain text", r)).toThrow("not a sealed secret");
  });

  test("previous keys open but never seal: SECRETS_PREVIOUS_KEY, secrets-key.previous and secrets-key.next", () => {
    const old = ring(OTHER);
    const sealedOld = seal("old value", old);
    const rotated = ring(PASSPHRASE, OTHER);
    expect(open(sealedOld, rotated)).toBe("old value");
    expect(sealedKeyId(seal("new", rotated))).toBe(rotated.current.id);
    // reseal moves a value to the current key; one already there is kept as it is
    const moved = reseal(sealedOld, rotated);
    expect(sealedKeyId(moved)).toBe(rotated.current.id);
    expect(open(moved, ring(PASSPHRASE))).toBe("old value");
    expect(reseal(moved, rotated)).toBe(moved);

    const dataDir = tempDir("secrets-key");
    const e = { dataDir };
    loadKeyRing(e);
    expect(existsSync(previousKeyFile(e))).toBe(false);
    writeFileSync(previousKeyFile(e), OTHER);
    expect(open(sealedOld, loadKeyRing(e))).toBe("old value");
    const sealedNext = seal("next", ring("a key that a rotation is putting in place, long"));
    writeFileSync(nextKeyFile(e), "a key that a rotation is putting in place, long");
    expect(open(sealedNext, loadKeyRing(e))).toBe("next");
    // ...but the files are ignored when SECRETS_KEY is set: the variables say it all
    expect(() => open(sealedOld, loadKeyRing({ ...e, SECRETS_KEY: PASSPHRASE }))).toThrow(SealError);
  });
});
