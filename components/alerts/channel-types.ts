// The channel types as the UI shows them, and a channel's config as the channel form holds it
// (text, as typed) and sends it. The config rules themselves are the server's
// (lib/alerts/channels/config.ts, which needs the server's env and so is not imported here).
import { Bell, Hash, Mail, MessageCircle, MessagesSquare, Webhook, type LucideIcon } from "@/components/ui/icons";
import type { ChannelOut, ChannelType } from "@/lib/api";

type TypeInfo = { label: string; icon: LucideIcon; urlLabel?: string; urlPlaceholder?: string; hint: string };

export const CHANNEL_TYPE_INFO: Record<ChannelType, TypeInfo> = {
  webhook: {
    label: "Webhook",
    icon: Webhook,
    urlLabel: "URL",
    urlPlaceholder: "https://example.com/hooks/almanac",
    hint: "A JSON POST signed the Standard Webhooks way: verify it with the signing secret shown once after saving.",
  },
  slack: { label: "Slack", icon: Hash, urlLabel: "Incoming webhook URL", urlPlaceholder: "https://hooks.slack.com/services/…", hint: "A Slack incoming webhook for the channel to post in." },
  discord: { label: "Discord", icon: MessageCircle, urlLabel: "Webhook URL", urlPlaceholder: "https://discord.com/api/webhooks/…", hint: "A Discord channel's webhook (Server settings, Integrations)." },
  msteams: { label: "Microsoft Teams", icon: MessagesSquare, urlLabel: "Workflow URL", urlPlaceholder: "https://….webhook.office.com/…", hint: "A Teams incoming webhook or Workflows URL." },
  ntfy: { label: "ntfy", icon: Bell, urlLabel: "Topic URL", urlPlaceholder: "https://ntfy.sh/my-alerts", hint: "Push notifications to an ntfy topic; the token is for a protected topic." },
  email: { label: "Email", icon: Mail, hint: "Sent through the mail server the operator set up (SMTP_URL)." },
};

/** In the order the type picker offers them. */
export const CHANNEL_TYPES = ["webhook", "slack", "discord", "msteams", "ntfy", "email"] as const satisfies readonly ChannelType[];

export type ChannelConfigForm = { url: string; token: string; recipients: string };

export const emptyConfigForm = (): ChannelConfigForm => ({ url: "", token: "", recipients: "" });

const text = (v: unknown) => (typeof v === "string" ? v : "");

/** A saved channel's config in the form: masked values as the API shows them. */
export function configToForm(channel: Pick<ChannelOut, "type" | "config">): ChannelConfigForm {
  const { config } = channel;
  return {
    url: text(config.url),
    token: text(config.token),
    recipients: Array.isArray(config.to) ? config.to.filter((a): a is string => typeof a === "string").join("\n") : "",
  };
}

/** "a@x.com, b@y.com" or one per line -> the addresses, blanks dropped. */
export function splitRecipients(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

/** The config a channel of `type` takes: email {to}, ntfy {url, token?}, the others {url}. */
export function formToConfig(type: ChannelType, form: ChannelConfigForm): Record<string, unknown> {
  if (type === "email") return { to: splitRecipients(form.recipients) };
  const url = form.url.trim();
  if (type === "ntfy") return form.token.trim() ? { url, token: form.token.trim() } : { url };
  return { url };
}

/** Where a channel sends, as shown in the list (the API has already masked what is secret). */
export function channelTarget(channel: Pick<ChannelOut, "type" | "config">): string {
  const form = configToForm(channel);
  if (channel.type === "email") return splitRecipients(form.recipients).join(", ");
  return channel.type === "ntfy" && form.token ? `${form.url} (with a token)` : form.url;
}
