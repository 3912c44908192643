// A rendered alert in each chat service's incoming-webhook format. The names in it are the user's,
// so each format escapes what its markup would otherwise read (Slack's <>&, Discord's markdown and
// mentions).
import type { AlertPayload } from "../payload";
import { clip, type RenderedAlert } from "./render";

/** Slack's escaping for text in messages: only &, < and > (https://api.slack.com/reference/surfaces/formatting). */
const slackEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const SLACK_FIELDS = 10; // a section's most fields
const SLACK_TEXT = 3000; // a section text's most characters

/** Slack's incoming-webhook body: `text` (what Mattermost and Rocket.Chat read too, and notifications show) and blocks. */
export function slackMessage(r: RenderedAlert, p: AlertPayload) {
  const blocks: unknown[] = [
    { type: "section", text: { type: "mrkdwn", text: clip(`*${slackEscape(r.headline)}*\n${slackEscape(r.intro)}`, SLACK_TEXT) } },
    {
      type: "section",
      fields: r.facts.slice(0, SLACK_FIELDS).map((f) => ({ type: "mrkdwn", text: clip(`*${slackEscape(f.label)}*\n${slackEscape(f.value)}`, 2000) })),
    },
  ];
  if (r.link) blocks.push({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the schedule" }, url: r.link }] });
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: slackEscape(`Almanac · ${p.type} · ${p.id}`) }] });
  const text = slackEscape(r.summary) + (r.link ? ` <${r.link}|Open the schedule>` : "");
  return { text, blocks };
}

const DISCORD_CONTENT = 2000;
const discordEscape = (text: string) => text.replace(/[\\*_`~|>[\]]/g, (c) => `\\${c}`);

/** Discord's webhook body: markdown `content` (at most 2000 characters), with no mention allowed to ping. */
export function discordMessage(r: RenderedAlert) {
  const lines = [`**${discordEscape(r.headline)}**`, discordEscape(r.intro), "", ...r.facts.map((f) => `**${discordEscape(f.label)}:** ${discordEscape(f.value)}`)];
  const link = r.link ? `\n${r.link}` : "";
  return { content: clip(lines.join("\n"), DISCORD_CONTENT - link.length) + link, allowed_mentions: { parse: [] } };
}

const TEAMS_COLORS = { failure: "Attention", warning: "Warning", ok: "Good", info: "Accent" } as const;

/** An Adaptive Card message, which Teams' Workflows webhooks and its older connectors both take. */
export function teamsMessage(r: RenderedAlert) {
  return {
    type: "message",
    summary: r.summary,
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: r.headline, weight: "Bolder", size: "Medium", wrap: true, color: TEAMS_COLORS[r.severity] },
            { type: "TextBlock", text: r.intro, wrap: true },
            { type: "FactSet", facts: r.facts.map((f) => ({ title: f.label, value: f.value })) },
          ],
          actions: r.link ? [{ type: "Action.OpenUrl", title: "Open the schedule", url: r.link }] : [],
        },
      },
    ],
  };
}

const NTFY_TAGS: Record<AlertPayload["type"], string> = {
  "run.failed": "rotating_light",
  "schedule.recovered": "white_check_mark",
  "run.slow": "hourglass",
  "schedule.missed": "warning",
  "worker.down": "rotating_light",
  "worker.up": "white_check_mark",
  "channel.test": "bell",
};

/** A header value in ASCII: as is when it is, else an RFC 2047 encoded word (ntfy decodes them). */
function headerText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, "utf8").toString("base64")}?=`;
}

/** ntfy's publish request: the message as the plain-text body, the rest in headers (https://docs.ntfy.sh/publish/). */
export function ntfyMessage(r: RenderedAlert, p: AlertPayload): { body: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {
    Title: headerText(clip(r.headline, 250)),
    Tags: `${NTFY_TAGS[p.type]},almanac`,
    Priority: p.type === "run.failed" || p.type === "worker.down" ? "high" : "default",
  };
  if (r.link) headers.Click = new URL(r.link).href; // percent-encoded: a header holds ASCII
  const body = [r.intro, "", ...r.facts.map((f) => `${f.label}: ${f.value}`)].join("\n");
  return { body, headers };
}
