"use client";

import { useId, useState, type FormEvent } from "react";
import { Check, Plus } from "@/components/ui/icons";
import { ApiRequestError, api, errorMessage, type ChannelChanges, type ChannelCreated, type ChannelOut, type ChannelType } from "@/lib/api";
import { sentence } from "@/lib/api-fetch";
import { TextAreaField } from "../schedules/FieldParts";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { SelectField, TextField } from "../ui/Field";
import { CHANNEL_TYPE_INFO, CHANNEL_TYPES, configToForm, emptyConfigForm, formToConfig, splitRecipients, type ChannelConfigForm } from "./channel-types";

type Props = {
  teamId: string;
  /** The channel to edit (its type stays); without it the form adds one. */
  channel?: ChannelOut;
  onSaved: (channel: ChannelCreated) => void;
  onCancel: () => void;
};

type Errors = Partial<Record<"name" | "type" | "url" | "token" | "recipients", string>>;

/** Where a server message about `field` ("config.to.1", "type") goes in this form, or null for the alert. */
function errorSlot(field: string): keyof Errors | null {
  if (field === "name" || field === "type") return field;
  if (field === "config.url") return "url";
  if (field === "config.token") return "token";
  if (field === "config.to" || field.startsWith("config.to.")) return "recipients";
  return null;
}

/** Adds a channel or edits one: its name and, per type, its URL, ntfy token or email recipients. */
export function ChannelForm({ teamId, channel, onSaved, onCancel }: Props) {
  const idPrefix = `channel-form-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const id = (name: string) => `${idPrefix}-${name}`;
  const saved = channel ? configToForm(channel) : emptyConfigForm();
  const [name, setName] = useState(channel?.name ?? "");
  const [type, setType] = useState<ChannelType>(channel?.type ?? "webhook");
  const [config, setConfig] = useState<ChannelConfigForm>(saved);
  const [errors, setErrors] = useState<Errors>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const info = CHANNEL_TYPE_INFO[type];

  function edit(changes: Partial<ChannelConfigForm>) {
    setConfig((c) => ({ ...c, ...changes }));
    setErrors((e) => ({ ...e, ...Object.fromEntries(Object.keys(changes).map((k) => [k, undefined])) }));
  }

  function check(): Errors {
    const found: Errors = {};
    if (!name.trim()) found.name = "Name is required";
    if (type === "email" && splitRecipients(config.recipients).length === 0) found.recipients = "List at least one email address";
    if (type !== "email" && !config.url.trim()) found.url = `${info.urlLabel} is required`;
    return found;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAlert(null);
    const found = check();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    try {
      if (channel) {
        // Masked values go back as shown, which keeps the saved ones; an untouched config is not sent.
        const changes: ChannelChanges = {};
        if (name.trim() !== channel.name) changes.name = name.trim();
        if (JSON.stringify(config) !== JSON.stringify(saved)) changes.config = formToConfig(type, config);
        onSaved(Object.keys(changes).length ? await api.channels.update(teamId, channel.id, changes) : channel);
      } else {
        onSaved(await api.channels.create(teamId, { name: name.trim(), type, config: formToConfig(type, config) }));
      }
    } catch (err) {
      const placed: Errors = {};
      const rest: string[] = [];
      for (const [field, message] of Object.entries(err instanceof ApiRequestError ? (err.fields ?? {}) : {})) {
        const slot = errorSlot(field);
        if (slot) placed[slot] ??= sentence(message);
        else rest.push(`${field}: ${message}`);
      }
      setErrors(placed);
      if (Object.keys(placed).length === 0 || rest.length > 0) setAlert([errorMessage(err), ...rest].join(" "));
    } finally {
      setPending(false);
    }
  }

  return (
    <form noValidate onSubmit={onSubmit} aria-label={channel ? `Edit ${channel.name}` : "New channel"} className="space-y-4">
      {alert && <ErrorAlert>{alert}</ErrorAlert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id={id("name")}
          label="Name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setErrors((x) => ({ ...x, name: undefined }));
          }}
          placeholder="e.g. On-call pager"
          maxLength={100}
          autoComplete="off"
          error={errors.name}
        />
        <SelectField
          id={id("type")}
          label="Type"
          value={type}
          disabled={Boolean(channel)}
          onChange={(e) => {
            setType(e.target.value as ChannelType);
            setErrors((x) => ({ ...x, type: undefined }));
          }}
          hint={channel ? "A channel keeps its type: add another channel for another type." : info.hint}
          error={errors.type}
        >
          {CHANNEL_TYPES.map((t) => (
            <option key={t} value={t}>
              {CHANNEL_TYPE_INFO[t].label}
            </option>
          ))}
        </SelectField>
      </div>

      {type === "email" ? (
        <TextAreaField
          id={id("recipients")}
          label="Recipients"
          rows={3}
          value={config.recipients}
          onChange={(e) => edit({ recipients: e.target.value })}
          placeholder={"ops@example.com\noncall@example.com"}
          hint="Email addresses, separated by commas or one per line (at most 20)."
          error={errors.recipients}
        />
      ) : (
        <div className={type === "ntfy" ? "grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]" : undefined}>
          <TextField
            id={id("url")}
            label={info.urlLabel ?? "URL"}
            type="url"
            inputMode="url"
            value={config.url}
            onChange={(e) => edit({ url: e.target.value })}
            placeholder={info.urlPlaceholder}
            autoComplete="off"
            spellCheck={false}
            hint={channel && config.url.includes("••••") ? "•••• stands for the saved secret part: leave it to keep it, or paste the whole URL." : undefined}
            error={errors.url}
          />
          {type === "ntfy" && (
            <TextField
              id={id("token")}
              label="Access token (optional)"
              value={config.token}
              onChange={(e) => edit({ token: e.target.value })}
              placeholder="tk_…"
              autoComplete="off"
              spellCheck={false}
              hint={channel && config.token ? "•••• keeps the saved token." : "For a topic that needs a login."}
              error={errors.token}
            />
          )}
        </div>
      )}

      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={pending}>
          {!pending && (channel ? <Check aria-hidden className="size-4" /> : <Plus aria-hidden className="size-4" />)}
          {channel ? "Save channel" : "Add channel"}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
