// Where a message about a schedule field is shown: under its control when the form has one
// (alerts.* by the alerts section), otherwise in the alert at the top of the form.
import type { ZodError } from "zod";
import { sentence } from "@/lib/api-fetch";

export type FieldErrors = Record<string, string>;

const FORM_FIELDS = ["name", "description", "cronExpression", "timezone", "entrypoint", "payload", "overlapPolicy", "misfirePolicy", "timeoutSeconds", "maxRetries", "retryDelaySeconds"];

/** Path -> first message, from a zod parse of the input. */
export function zodErrors(error: ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) fields[issue.path.map(String).join(".") || "body"] ??= issue.message;
  return fields;
}

/**
 * Splits messages into those shown inline and the rest. `payloadFields` are the payload form's
 * field names, or null when the payload is edited as JSON (its messages then go under the editor).
 */
export function placeErrors(fields: FieldErrors, payloadFields: string[] | null): { inline: FieldErrors; rest: string[] } {
  const inline: FieldErrors = {};
  const rest: string[] = [];
  for (const [key, message] of Object.entries(fields)) {
    if (key.startsWith("payload.")) {
      const name = key.slice("payload.".length);
      if (payloadFields?.includes(name)) inline[key] ??= sentence(message);
      else inline.payload ??= `${name}: ${message}`;
    } else if (FORM_FIELDS.includes(key) || key === "alerts" || key.startsWith("alerts.")) {
      inline[key] ??= sentence(message);
    } else {
      rest.push(key === "body" || key === "form" ? sentence(message) : `${key}: ${message}`);
    }
  }
  return { inline, rest };
}
