// What the alert rules editor holds (numbers as typed) and how it becomes the `alerts` field the
// API takes: the rules object, or null when alerts are off. Values that are not numbers go through
// as NaN, for the schedule schema (lib/alerts/rules.ts) to name.
import type { AlertRules, AlertRulesInput } from "@/lib/api";

export type DurationUnit = "seconds" | "minutes";

export type RulesForm = {
  enabled: boolean;
  channelIds: string[];
  afterConsecutiveFailures: string;
  onRecovery: boolean;
  onMissed: boolean;
  /** Empty: no run.slow alert. */
  runLongerThan: string;
  runLongerThanUnit: DurationUnit;
  /** Empty: no reminders. */
  remindEveryMinutes: string;
};

/** The form for `rules` (null: alerts off, with the API's defaults ready for when they are turned on). */
export function rulesToForm(rules: AlertRules | AlertRulesInput | null | undefined): RulesForm {
  const slow = rules?.runLongerThanSeconds ?? null;
  const inMinutes = slow !== null && slow % 60 === 0;
  return {
    enabled: Boolean(rules),
    channelIds: rules?.channelIds ?? [],
    afterConsecutiveFailures: String(rules?.afterConsecutiveFailures ?? 1),
    onRecovery: rules?.onRecovery ?? true,
    onMissed: rules?.onMissed ?? true,
    runLongerThan: slow === null ? "" : String(inMinutes ? slow / 60 : slow),
    runLongerThanUnit: inMinutes ? "minutes" : "seconds",
    remindEveryMinutes: rules?.remindEveryMinutes == null ? "" : String(rules.remindEveryMinutes),
  };
}

const optionalNumber = (text: string) => (text.trim() === "" ? null : Number(text));

/** The `alerts` field to send: every rule spelled out, or null when alerts are off. */
export function formToRules(form: RulesForm): AlertRulesInput | null {
  if (!form.enabled) return null;
  const slow = optionalNumber(form.runLongerThan);
  return {
    channelIds: form.channelIds,
    afterConsecutiveFailures: Number(form.afterConsecutiveFailures.trim() || "1"),
    onRecovery: form.onRecovery,
    onMissed: form.onMissed,
    runLongerThanSeconds: slow === null ? null : form.runLongerThanUnit === "minutes" ? slow * 60 : slow,
    remindEveryMinutes: optionalNumber(form.remindEveryMinutes),
  };
}

/** Whether two sets of rules say the same (absent optional rules equal null; channel order aside). */
export function sameRules(a: AlertRulesInput | null | undefined, b: AlertRulesInput | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  const norm = (r: AlertRulesInput) =>
    JSON.stringify([
      [...(r.channelIds ?? [])].sort(),
      r.afterConsecutiveFailures ?? 1,
      r.onRecovery ?? true,
      r.onMissed ?? true,
      r.runLongerThanSeconds ?? null,
      r.remindEveryMinutes ?? null,
    ]);
  return norm(a) === norm(b);
}

/** The rules' own fields that have a control in the editor, for placing the API's messages. */
export const RULE_FIELDS = ["channelIds", "afterConsecutiveFailures", "runLongerThanSeconds", "remindEveryMinutes"] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/**
 * Messages about `<prefix>.…` fields ("alerts.channelIds.0", "defaults.remindEveryMinutes") by
 * the editor's control; anything else about the rules under "rules".
 */
export function ruleErrors(fields: Record<string, string>, prefix: string): Partial<Record<RuleField | "rules", string>> {
  const out: Partial<Record<RuleField | "rules", string>> = {};
  for (const [key, message] of Object.entries(fields)) {
    if (key !== prefix && !key.startsWith(`${prefix}.`)) continue;
    const name = key.split(".")[1] as RuleField | undefined;
    const text = message.charAt(0).toUpperCase() + message.slice(1);
    // "afterConsecutiveFailures must be at least 1" under its own control reads "Must be at least 1".
    const own = name && message.toLowerCase().startsWith(`${name.toLowerCase()} `) ? message.slice(name.length + 1) : message;
    if (name && (RULE_FIELDS as readonly string[]).includes(name)) out[name] ??= own.charAt(0).toUpperCase() + own.slice(1);
    else out.rules ??= name ? `${name}: ${message}` : text;
  }
  return out;
}
