// almanac login, logout, whoami
import { Command } from "commander";
import { ApiError, createClient } from "../client";
import { configPath, normalizeUrl, readConfigFile, removeConfigFile, writeConfigFile } from "../config";
import { api, example, printJson } from "../context";
import { CliError, EXIT } from "../errors";
import { readSecret, readStdin } from "../prompt";

type Me = { id: string; email: string; name: string | null; authenticatedBy: string };

export function loginCommand(): Command {
  const cmd = new Command("login")
    .description(`save a server URL and an API token in ${configPath().replace(process.env.HOME ?? "\0", "~")} (mode 0600)`)
    .option("--url <url>", "the server, such as https://cron.example.com (default: ALMANAC_URL or the saved one)")
    .option("--token <token>", "an API token (Settings, API tokens); by default typed without echo, or read from stdin when piped")
    .action(async (opts: { url?: string; token?: string }) => {
      const rawUrl = opts.url ?? process.env.ALMANAC_URL ?? readConfigFile()?.url;
      if (!rawUrl) throw new CliError("--url is required: the server, such as https://cron.example.com", EXIT.usage);
      const url = normalizeUrl(rawUrl);
      let token = opts.token;
      if (token === undefined) token = process.stdin.isTTY ? await readSecret(`API token for ${url}: `) : await readStdin();
      token = token.trim();
      if (!token) throw new CliError("no token given: pass --token, type it, or pipe it to stdin", EXIT.usage);
      let me: Me;
      try {
        me = await createClient({ url, token }).get<Me>("/api/v1/me");
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) throw new CliError(`${url} refused this token (it may be mistyped, revoked or expired)`, EXIT.auth);
        throw err;
      }
      const file = writeConfigFile({ url, token });
      process.stderr.write(`Logged in to ${url} as ${me.email} (saved in ${file})\n`);
    });
  return example(cmd, "almanac login --url https://cron.example.com", "echo \"$ALMANAC_API_TOKEN\" | almanac login --url http://localhost:3000");
}

export function logoutCommand(): Command {
  const cmd = new Command("logout").description("forget the saved server and token (the token itself stays valid: revoke it in Settings)").action(() => {
    const removed = removeConfigFile();
    process.stderr.write(removed ? `Removed ${configPath()}\n` : "Not logged in.\n");
    if (process.env.ALMANAC_TOKEN) process.stderr.write("ALMANAC_TOKEN is still set in this shell.\n");
  });
  return example(cmd, "almanac logout");
}

export function whoamiCommand(): Command {
  const cmd = new Command("whoami")
    .description("who the saved token belongs to")
    .option("--json", "print the API's JSON")
    .action(async (opts: { json?: boolean }) => {
      const me = await api().get<Me>("/api/v1/me");
      if (opts.json) return printJson(me);
      process.stdout.write(`${me.email} on ${api().url}\n`);
    });
  return example(cmd, "almanac whoami");
}
