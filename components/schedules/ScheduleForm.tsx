"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Check, Plus } from "@/components/ui/icons";
import { ApiRequestError, api, errorMessage, type EntrypointInfo, type ScheduleInput, type ScheduleOut } from "@/lib/api";
import { scheduleCreateSchema, scheduleUpdateSchema } from "@/lib/validation/schedules";
import { rulesToForm } from "../alerts/rules-form";
import { ScheduleAlertsSection } from "../alerts/ScheduleAlertsSection";
import { ErrorAlert } from "../ui/Alert";
import { useTeams } from "../teams/TeamContext";
import { Button } from "../ui/Button";
import { SelectField, TextField } from "../ui/Field";
import { ADVANCED_FIELDS, AdvancedFields } from "./AdvancedFields";
import { CronField } from "./CronField";
import { isHeartbeat } from "./heartbeat";
import { TextAreaField } from "./FieldParts";
import { PayloadFields } from "./PayloadFields";
import { TimezoneField } from "./TimezoneField";
import { placeErrors, zodErrors, type FieldErrors } from "./form-errors";
import { initialValues, toChanges, toInput, type FormValues } from "./form-values";
import { simplePayloadFields, textToPayload, valuesToPayload } from "./payload-schema";

type Props = {
  /** The schedule to edit; without it the form creates one. */
  schedule?: ScheduleOut;
  /** Values to start a new schedule from (an example, or what the @cron bar understood). */
  draft?: Partial<ScheduleInput>;
  onSaved: (schedule: ScheduleOut) => void;
  onCancel?: () => void;
};

type JobTypes = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; items: EntrypointInfo[] };

/** Creates a schedule, or edits one sending only what changed; checks input with the API's own zod schema first. */
export function ScheduleForm({ schedule, draft, onSaved, onCancel }: Props) {
  // A new schedule goes to the team chosen in the sidebar.
  const teamId = useTeams()?.current.id;
  const alertsTeamId = schedule?.teamId ?? teamId;
  const idPrefix = `schedule-form-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<FormValues>(() => initialValues(schedule, draft));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [alert, setAlert] = useState<string[]>([]);
  const [pending, setPending] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [jobTypes, setJobTypes] = useState<JobTypes>({ status: "loading" });
  // A new schedule sends `alerts` only once they were changed here (or came with the draft):
  // otherwise the team's defaults apply, as shown.
  const [alertsTouched, setAlertsTouched] = useState(Boolean(schedule) || draft?.alerts !== undefined);
  const [alertsFromDefaults, setAlertsFromDefaults] = useState(false);
  const alertsTouchedNow = useRef(alertsTouched);

  useEffect(() => {
    const controller = new AbortController();
    api.entrypoints
      .list(controller.signal)
      .then(({ items }) => setJobTypes({ status: "ready", items }))
      .catch((err: unknown) => !controller.signal.aborted && setJobTypes({ status: "error", message: errorMessage(err) }));
    return () => controller.abort();
  }, []);

  const jobType = jobTypes.status === "ready" ? jobTypes.items.find((e) => e.key === values.entrypoint) : undefined;
  const payloadFields = jobType ? simplePayloadFields(jobType.payloadSchema) : null;

  function change(changes: Partial<FormValues>) {
    setValues((v) => ({ ...v, ...changes }));
    // A field's message goes once it is edited; the rest stay until the next submit.
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(changes)) {
        if (key === "payloadValues" || key === "payloadText") for (const k of Object.keys(next)) k.startsWith("payload") && delete next[k];
        else if (key === "alerts") for (const k of Object.keys(next)) k.startsWith("alerts") && delete next[k];
        else delete next[key];
      }
      return next;
    });
  }

  /** The payload to send, or the messages about it. Left empty on create, the API's default applies. */
  function buildPayload(): { payload?: unknown; errors: FieldErrors } {
    if (payloadFields) {
      const built = valuesToPayload(payloadFields, values.payloadValues);
      if (built.empty && !schedule) return { errors: {} };
      return { payload: built.payload, errors: built.errors };
    }
    const parsed = textToPayload(values.payloadText);
    return parsed.error ? { errors: { payload: parsed.error } } : { payload: parsed.payload, errors: {} };
  }

  function show(fields: FieldErrors, general: string[] = []) {
    const { inline, rest } = placeErrors(fields, payloadFields?.map((f) => f.name) ?? null);
    setErrors(inline);
    setAlert([...general, ...rest]);
    if (ADVANCED_FIELDS.some((key) => inline[key])) setAdvancedOpen(true);
    // Move to the first field at fault once it is rendered invalid.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { payload, errors: payloadErrors } = buildPayload();
    const input = toInput(values, payload, alertsTouched);
    const body = schedule ? toChanges(schedule, input) : input;
    const parsed = schedule ? scheduleUpdateSchema.safeParse(body) : scheduleCreateSchema.safeParse(body);
    const clientErrors = { ...(parsed.success ? {} : zodErrors(parsed.error)), ...payloadErrors };
    if (body.alerts && body.alerts.channelIds?.length === 0) clientErrors["alerts.channelIds"] ??= "Choose at least one channel, or turn alerts off";
    if (Object.keys(clientErrors).length > 0) return show(clientErrors);
    if (schedule && Object.keys(body).length === 0) return onSaved(schedule); // nothing changed

    setPending(true);
    setErrors({});
    setAlert([]);
    try {
      const saved = schedule ? await api.schedules.update(schedule.id, body) : await api.schedules.create({ ...(body as ScheduleInput), ...(teamId ? { teamId } : {}) });
      onSaved(saved);
    } catch (err) {
      const fields = err instanceof ApiRequestError ? err.fields : undefined;
      // Keep the request's own message in the alert when no field could take it.
      const placed = placeErrors(fields ?? {}, payloadFields?.map((f) => f.name) ?? null);
      show(fields ?? {}, Object.keys(placed.inline).length === 0 || placed.rest.length > 0 ? [errorMessage(err)] : []);
    } finally {
      setPending(false);
    }
  }

  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-5" aria-label={schedule ? `Edit ${schedule.name}` : "New schedule"}>
      {alert.length > 0 && (
        <ErrorAlert>
          {alert.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </ErrorAlert>
      )}

      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id={id("name")}
          label="Name"
          value={values.name}
          onChange={(e) => change({ name: e.target.value })}
          placeholder="e.g. Nightly backup"
          maxLength={255}
          autoComplete="off"
          required
          error={errors.name}
        />
        <TextAreaField
          id={id("description")}
          label="Description (optional)"
          rows={1}
          value={values.description}
          onChange={(e) => change({ description: e.target.value })}
          maxLength={2000}
          className="min-h-10"
          error={errors.description}
        />
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <CronField id={id("cron")} value={values.cronExpression} timezone={values.timezone.trim() || "UTC"} onChange={(v) => change({ cronExpression: v })} error={errors.cronExpression} />
        <TimezoneField id={id("timezone")} value={values.timezone} onChange={(v) => change({ timezone: v })} error={errors.timezone} />
      </div>

      <div className="space-y-4">
        <SelectField
          id={id("entrypoint")}
          label="Job type"
          value={values.entrypoint}
          onChange={(e) => {
            // Another job type starts from empty settings; going back to the saved one brings its settings back.
            const saved = schedule && e.target.value === schedule.entrypoint ? initialValues(schedule) : undefined;
            change({ entrypoint: e.target.value, payloadValues: saved?.payloadValues ?? {}, payloadText: saved?.payloadText ?? "" });
          }}
          hint={jobTypes.status === "loading" ? "Loading job types…" : jobType?.description}
          error={errors.entrypoint ?? (jobTypes.status === "error" ? `Could not load the job types: ${jobTypes.message}` : undefined)}
        >
          {jobTypes.status === "ready" && !jobType && <option value={values.entrypoint}>{values.entrypoint}</option>}
          {jobTypes.status === "ready" ? (
            jobTypes.items.map((e) => (
              <option key={e.key} value={e.key}>
                {e.title}
              </option>
            ))
          ) : (
            <option value={values.entrypoint}>{values.entrypoint}</option>
          )}
        </SelectField>
        {jobTypes.status !== "loading" && (
          <PayloadFields
            idPrefix={idPrefix}
            fields={payloadFields}
            values={values.payloadValues}
            text={values.payloadText}
            onValues={(payloadValues) => change({ payloadValues })}
            onText={(payloadText) => change({ payloadText })}
            errors={errors}
            hint={payloadHint(values.entrypoint, schedule)}
          />
        )}
      </div>

      <AdvancedFields idPrefix={idPrefix} values={values} onChange={change} errors={errors} open={advancedOpen} onToggle={() => setAdvancedOpen((o) => !o)} />

      <ScheduleAlertsSection
        idPrefix={idPrefix}
        teamId={alertsTeamId}
        value={values.alerts}
        onChange={(changes) => {
          alertsTouchedNow.current = true;
          setAlertsTouched(true);
          setAlertsFromDefaults(false);
          change({ alerts: { ...values.alerts, ...changes } });
        }}
        errors={errors}
        onTeamDefaults={
          alertsTouched
            ? undefined
            : (defaults) => {
                if (alertsTouchedNow.current) return; // the user got there first
                setValues((v) => ({ ...v, alerts: rulesToForm(defaults) }));
                setAlertsFromDefaults(true);
              }
        }
        fromDefaults={alertsFromDefaults && !alertsTouched}
      />

      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={pending}>
          {!pending && (schedule ? <Check aria-hidden className="size-4" /> : <Plus aria-hidden className="size-4" />)}
          {schedule ? "Save changes" : "Create schedule"}
        </Button>
        {onCancel && (
          <Button variant="secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

/** A line above the job settings, where the schema's own descriptions leave something out. */
function payloadHint(entrypoint: string, schedule: ScheduleOut | undefined): string | undefined {
  if (!schedule && entrypoint === "log") return "Leave the message empty to log the schedule's name.";
  // Its ping URL exists only once saved as a heartbeat check.
  if (isHeartbeat({ entrypoint }) && !(schedule && isHeartbeat(schedule))) return "Once saved, the schedule's page shows the ping URL for your job to call, with examples.";
  return undefined;
}
