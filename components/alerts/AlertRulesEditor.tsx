"use client";

import type { ReactNode } from "react";
import { BellRing } from "@/components/ui/icons";
import type { ChannelOut } from "@/lib/api";
import { EnabledSwitch } from "../schedules/EnabledSwitch";
import { describedBy, FieldLabel, FieldNote, inputClasses } from "../schedules/FieldParts";
import { Checkbox } from "../ui/Checkbox";
import { TextField } from "../ui/Field";
import { cn } from "../ui/cn";
import { CHANNEL_TYPE_INFO } from "./channel-types";
import type { DurationUnit, RuleField, RulesForm } from "./rules-form";

export type ChannelChoices =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; items: Pick<ChannelOut, "id" | "name" | "type">[] };

type Props = {
  idPrefix: string;
  value: RulesForm;
  onChange: (changes: Partial<RulesForm>) => void;
  channels: ChannelChoices;
  errors?: Partial<Record<RuleField | "rules", string>>;
  title?: string;
  description?: ReactNode;
  /** Shown under the header while alerts are on (e.g. "from the team's defaults"). */
  note?: ReactNode;
  /** What to say when the team has no channels (e.g. a link to add one). */
  noChannels?: ReactNode;
  disabled?: boolean;
};

/** Alert rules: on or off, which channels, and when (failures in a row, recovery, missed, slow, reminders). */
export function AlertRulesEditor({ idPrefix, value, onChange, channels, errors = {}, title = "Alerts", description, note, noChannels, disabled }: Props) {
  const id = (name: string) => `${idPrefix}-alerts-${name}`;
  const toggleChannel = (channelId: string, on: boolean) =>
    onChange({ channelIds: on ? [...value.channelIds, channelId] : value.channelIds.filter((c) => c !== channelId) });
  // Channels chosen before that no longer exist stay listed, so they can be unticked.
  const known = channels.status === "ready" ? channels.items : [];
  const missing = value.channelIds.filter((c) => !known.some((k) => k.id === c));

  return (
    <section aria-labelledby={id("title")} className="rounded-lg ring-1 ring-zinc-200 dark:ring-white/10">
      <div className="flex items-start gap-3 px-3 py-2.5">
        <BellRing aria-hidden className="mt-0.5 size-4 shrink-0 text-zinc-500 dark:text-zinc-400" />
        <div className="min-w-0 flex-1">
          <h3 id={id("title")} className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
            {title}
          </h3>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">{description ?? (value.enabled ? "Who hears when this schedule fails, recovers, misses a run or runs long." : "Off: nobody is told when this schedule fails.")}</p>
        </div>
        <EnabledSwitch checked={value.enabled} label="Send alerts" onChange={(enabled) => onChange({ enabled })} disabled={disabled} />
      </div>
      {errors.rules && (
        <p role="alert" className="px-3 pb-2 text-sm text-red-600 dark:text-red-400">
          {errors.rules}
        </p>
      )}
      {value.enabled && (
        <div className="space-y-5 border-t border-zinc-200 p-3 dark:border-white/10">
          {note && <p className="text-xs text-zinc-500 dark:text-zinc-400">{note}</p>}
          <fieldset aria-describedby={errors.channelIds ? `${id("channels")}-error` : undefined} className="space-y-2">
            <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Send to</legend>
            {channels.status === "loading" && <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading channels…</p>}
            {channels.status === "error" && <p className="text-sm text-red-600 dark:text-red-400">Could not load the channels: {channels.message}</p>}
            {channels.status === "ready" && known.length === 0 && missing.length === 0 && (
              <div className="rounded-lg bg-zinc-50 px-3 py-2.5 text-sm text-zinc-600 dark:bg-zinc-800/50 dark:text-zinc-300">{noChannels ?? "This team has no alert channels yet."}</div>
            )}
            {(known.length > 0 || missing.length > 0) && (
              <div className="grid gap-2 sm:grid-cols-2">
                {known.map((channel) => (
                  <Checkbox
                    key={channel.id}
                    id={id(`channel-${channel.id}`)}
                    label={channel.name}
                    hint={CHANNEL_TYPE_INFO[channel.type].label}
                    checked={value.channelIds.includes(channel.id)}
                    onChange={(e) => toggleChannel(channel.id, e.target.checked)}
                    disabled={disabled}
                  />
                ))}
                {channels.status === "ready" &&
                  missing.map((channelId) => (
                    <Checkbox key={channelId} id={id(`channel-${channelId}`)} label="A deleted channel" hint={channelId} checked onChange={() => toggleChannel(channelId, false)} disabled={disabled} />
                  ))}
              </div>
            )}
            <FieldNote id={id("channels")} error={errors.channelIds} />
          </fieldset>

          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              id={id("after")}
              label="Alert after failures in a row"
              type="number"
              inputMode="numeric"
              min={1}
              max={100}
              value={value.afterConsecutiveFailures}
              onChange={(e) => onChange({ afterConsecutiveFailures: e.target.value })}
              hint="1: at the first failure. Once per streak of failures."
              error={errors.afterConsecutiveFailures}
              disabled={disabled}
            />
            <TextField
              id={id("remind")}
              label="Remind every (minutes, optional)"
              type="number"
              inputMode="numeric"
              min={1}
              max={10080}
              placeholder="No reminders"
              value={value.remindEveryMinutes}
              onChange={(e) => onChange({ remindEveryMinutes: e.target.value })}
              hint="Again while it keeps failing."
              error={errors.remindEveryMinutes}
              disabled={disabled}
            />
            <SlowRunField idPrefix={id("slow")} value={value} onChange={onChange} error={errors.runLongerThanSeconds} disabled={disabled} />
          </div>

          <div className="grid gap-3 sm:grid-cols-2">
            <Checkbox
              id={id("recovery")}
              label="On recovery"
              hint="When it succeeds again after a failure alert."
              checked={value.onRecovery}
              onChange={(e) => onChange({ onRecovery: e.target.checked })}
              disabled={disabled}
            />
            <Checkbox
              id={id("missed")}
              label="On a missed run"
              hint="When a run has not started 30 s after its time."
              checked={value.onMissed}
              onChange={(e) => onChange({ onMissed: e.target.checked })}
              disabled={disabled}
            />
          </div>
        </div>
      )}
    </section>
  );
}

type SlowProps = { idPrefix: string; value: RulesForm; onChange: (changes: Partial<RulesForm>) => void; error?: string; disabled?: boolean };

/** "When a run takes longer than [N] [seconds|minutes]", empty for no such alert. */
function SlowRunField({ idPrefix, value, onChange, error, disabled }: SlowProps) {
  const hint = "Once per run. Empty: no alert for slow runs.";
  return (
    <div className="space-y-1.5 sm:col-span-2">
      <FieldLabel htmlFor={idPrefix}>When a run takes longer than (optional)</FieldLabel>
      <div className="grid grid-cols-[minmax(0,1fr)_8rem] gap-2 sm:max-w-sm">
        <input
          id={idPrefix}
          type="number"
          inputMode="numeric"
          min={1}
          placeholder="No limit"
          value={value.runLongerThan}
          onChange={(e) => onChange({ runLongerThan: e.target.value })}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(idPrefix, hint, error)}
          disabled={disabled}
          className={cn(inputClasses(Boolean(error)), "h-10")}
        />
        <select
          aria-label="Unit"
          value={value.runLongerThanUnit}
          onChange={(e) => onChange({ runLongerThanUnit: e.target.value as DurationUnit })}
          disabled={disabled}
          className={cn(inputClasses(false), "h-10 pr-8")}
        >
          <option value="seconds">seconds</option>
          <option value="minutes">minutes</option>
        </select>
      </div>
      <FieldNote id={idPrefix} hint={hint} error={error} />
    </div>
  );
}
