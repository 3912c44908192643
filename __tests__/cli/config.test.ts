// The CLI's config: where it lives (XDG_CONFIG_HOME, else ~/.config), its modes (a credential:
// 0700 folder, 0600 file), and the environment overriding it.
import { mkdirSync, statSync, writeFileSync, chmodSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { configPath, normalizeUrl, readConfigFile, resolveConfig, writeConfigFile } from "../../cli/config";
import { CliError, EXIT } from "../../cli/errors";
import { tempDir } from "../support/temp";

test("the file goes under XDG_CONFIG_HOME when set, else ~/.config", () => {
  expect(configPath({ HOME: "/home/ada" })).toBe("/home/ada/.config/almanac/config.json");
  expect(configPath({ HOME: "/home/ada", XDG_CONFIG_HOME: "/cfg" })).toBe("/cfg/almanac/config.json");
});

test("written with mode 0600 in a 0700 folder, also over an older looser file, and read back", () => {
  const env = { HOME: tempDir("cli-config") };
  const dir = path.join(env.HOME, ".config", "almanac");
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  writeFileSync(path.join(dir, "config.json"), "{}", { mode: 0o644 });
  chmodSync(path.join(dir, "config.json"), 0o644);
  const file = writeConfigFile({ url: "http://x", token: "alm_1" }, env);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  expect(readConfigFile(env)).toEqual({ url: "http://x", token: "alm_1" });
});

test("the environment overrides the file, each value on its own; neither is 'not logged in' (exit 3)", () => {
  const env = { HOME: tempDir("cli-config") };
  writeConfigFile({ url: "http://file:3000", token: "alm_file" }, env);
  expect(resolveConfig(env)).toEqual({ url: "http://file:3000", token: "alm_file" });
  expect(resolveConfig({ ...env, ALMANAC_TOKEN: "alm_env" })).toEqual({ url: "http://file:3000", token: "alm_env" });
  expect(resolveConfig({ ...env, ALMANAC_URL: "http://env:1/" })).toEqual({ url: "http://env:1", token: "alm_file" });
  const empty = { HOME: tempDir("cli-config") };
  expect(() => resolveConfig(empty)).toThrow(/not logged in/);
  try {
    resolveConfig(empty);
  } catch (err) {
    expect((err as CliError).exitCode).toBe(EXIT.auth);
  }
});

test("a config file that is not JSON is an error naming it", () => {
  const env = { HOME: tempDir("cli-config") };
  mkdirSync(path.join(env.HOME, ".config", "almanac"), { recursive: true });
  writeFileSync(path.join(env.HOME, ".config", "almanac", "config.json"), "url=http://x");
  expect(() => readConfigFile(env)).toThrow(/config\.json is not valid JSON/);
});

test("server URLs: https by default, no trailing slash, other schemes refused", () => {
  expect(normalizeUrl("cron.example.com")).toBe("https://cron.example.com");
  expect(normalizeUrl("http://127.0.0.1:3000/")).toBe("http://127.0.0.1:3000");
  expect(() => normalizeUrl("ftp://x")).toThrow(/http or https/);
});
