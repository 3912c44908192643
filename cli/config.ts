// Where the CLI finds its server and token: ALMANAC_URL / ALMANAC_TOKEN, else the file written by
// `almanac login` ($XDG_CONFIG_HOME/almanac/config.json, by default ~/.config/almanac/config.json).
// The file holds a credential: its folder is made 0700 and the file 0600.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CliError, EXIT } from "./errors";

export type Config = { url: string; token: string };
type Env = Record<string, string | undefined>;

export function configDir(env: Env = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(base, "almanac");
}

export const configPath = (env: Env = process.env) => path.join(configDir(env), "config.json");

/** The saved file's contents; null when there is none. A file that is not ours is an error naming it. */
export function readConfigFile(env: Env = process.env): Partial<Config> | null {
  const file = configPath(env);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== "object") throw new Error("not an object");
    const { url, token } = parsed as Record<string, unknown>;
    return { url: typeof url === "string" ? url : undefined, token: typeof token === "string" ? token : undefined };
  } catch (err) {
    throw new CliError(`${file} is not valid JSON (${(err as Error).message}): run almanac login again`, EXIT.failed);
  }
}

export function writeConfigFile(config: Config, env: Env = process.env): string {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = configPath(env);
  // Created 0600 and chmodded again: an older file may have been made with a looser mode.
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

export function removeConfigFile(env: Env = process.env): boolean {
  const file = configPath(env);
  try {
    rmSync(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
}

/** A server URL as typed (`cron.example.com`, `http://host:3000/`) made absolute and without a trailing slash. */
export function normalizeUrl(input: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CliError(`invalid server URL "${input}": use one such as https://cron.example.com`, EXIT.usage);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new CliError(`invalid server URL "${input}": it must be http or https`, EXIT.usage);
  return url.toString().replace(/\/+$/, "");
}

/** The server and token to use: the environment wins over the file, each on its own. */
export function resolveConfig(env: Env = process.env): Config {
  const file = env.ALMANAC_URL && env.ALMANAC_TOKEN ? null : readConfigFile(env);
  const url = env.ALMANAC_URL || file?.url;
  const token = env.ALMANAC_TOKEN || file?.token;
  if (!url || !token) {
    throw new CliError("not logged in: run `almanac login --url <server>`, or set ALMANAC_URL and ALMANAC_TOKEN", EXIT.auth);
  }
  return { url: normalizeUrl(url), token };
}
