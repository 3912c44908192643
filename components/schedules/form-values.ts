// What the schedule form holds (text, as typed) and how it becomes the API's input: a whole
// schedule to create, or only the fields that changed.
import type { ScheduleChanges, ScheduleInput, ScheduleOut } from "@/lib/api";
import { formToRules, rulesToForm, sameRules, type RulesForm } from "../alerts/rules-form";
import { payloadToText, payloadToValues, type PayloadValues } from "./payload-schema";

export type OverlapPolicy = ScheduleOut["overlapPolicy"];
export type MisfirePolicy = ScheduleOut["misfirePolicy"];

export type FormValues = {
  name: string;
  description: string;
  cronExpression: string;
  timezone: string;
  entrypoint: string;
  /** The payload form's values, used when the job type's schema is simple. */
  payloadValues: PayloadValues;
  /** The payload as JSON, used otherwise. */
  payloadText: string;
  overlapPolicy: OverlapPolicy;
  misfirePolicy: MisfirePolicy;
  timeoutSeconds: string;
  maxRetries: string;
  retryDelaySeconds: string;
  alerts: RulesForm;
};

// The API's defaults (lib/validation/schedules.ts), shown so that nothing is hidden.
const DEFAULTS = { timezone: "UTC", entrypoint: "log", overlapPolicy: "skip", misfirePolicy: "run_once", timeoutSeconds: 300, maxRetries: 0, retryDelaySeconds: 30 } as const;

const text = (value: number | undefined, fallback: number) => String(value ?? fallback);

export function initialValues(schedule?: ScheduleOut, draft: Partial<ScheduleInput> = {}): FormValues {
  const from = schedule ?? draft;
  return {
    name: from.name ?? "",
    description: from.description ?? "",
    cronExpression: from.cronExpression ?? "",
    timezone: from.timezone ?? DEFAULTS.timezone,
    entrypoint: from.entrypoint ?? DEFAULTS.entrypoint,
    payloadValues: payloadToValues(from.payload),
    payloadText: payloadToText(from.payload),
    overlapPolicy: from.overlapPolicy ?? DEFAULTS.overlapPolicy,
    misfirePolicy: from.misfirePolicy ?? DEFAULTS.misfirePolicy,
    timeoutSeconds: text(from.timeoutSeconds, DEFAULTS.timeoutSeconds),
    maxRetries: text(from.maxRetries, DEFAULTS.maxRetries),
    retryDelaySeconds: text(from.retryDelaySeconds, DEFAULTS.retryDelaySeconds),
    alerts: rulesToForm(from.alerts),
  };
}

/** "" stays out (the API's default applies); anything else goes as a number for zod to judge. */
const numberOrUndefined = (value: string) => (value.trim() === "" ? undefined : Number(value));

/**
 * The whole schedule, as POST /api/v1/schedules takes it. `alerts` goes only `withAlerts`: left
 * out of a new schedule, the team's default rules apply (which is what the form showed).
 */
export function toInput(values: FormValues, payload: unknown, withAlerts = false): ScheduleInput {
  const input: ScheduleInput = {
    name: values.name.trim(),
    description: values.description.trim() === "" ? null : values.description,
    cronExpression: values.cronExpression.trim(),
    timezone: values.timezone.trim(),
    entrypoint: values.entrypoint,
    overlapPolicy: values.overlapPolicy,
    misfirePolicy: values.misfirePolicy,
    timeoutSeconds: numberOrUndefined(values.timeoutSeconds),
    maxRetries: numberOrUndefined(values.maxRetries),
    retryDelaySeconds: numberOrUndefined(values.retryDelaySeconds),
  };
  if (payload !== undefined) input.payload = payload;
  if (withAlerts) input.alerts = formToRules(values.alerts);
  for (const key of Object.keys(input) as (keyof ScheduleInput)[]) if (input[key] === undefined) delete input[key];
  return input;
}

/** JSON with object keys sorted, so that key order alone is not a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Only what differs from `schedule`, as PATCH /api/v1/schedules/{id} takes it. */
export function toChanges(schedule: ScheduleOut, input: ScheduleInput): ScheduleChanges {
  const changes: ScheduleChanges = {};
  const keys = ["name", "description", "cronExpression", "timezone", "entrypoint", "overlapPolicy", "misfirePolicy", "timeoutSeconds", "maxRetries", "retryDelaySeconds"] as const;
  for (const key of keys) {
    if (input[key] !== undefined && input[key] !== schedule[key]) Object.assign(changes, { [key]: input[key] });
  }
  const entrypointChanged = changes.entrypoint !== undefined;
  // A new job type needs its own settings; the same one only when they changed.
  if (entrypointChanged) changes.payload = input.payload ?? {};
  else if (input.payload !== undefined && canonical(input.payload) !== canonical(schedule.payload)) changes.payload = input.payload;
  if (input.alerts !== undefined && !sameRules(input.alerts, schedule.alerts)) changes.alerts = input.alerts;
  return changes;
}
