"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Check, SlidersHorizontal } from "@/components/ui/icons";
import { ApiRequestError, api, errorMessage, type AlertSettings, type ChannelOut, type TeamOut } from "@/lib/api";
import { alertRulesSchema } from "@/lib/alerts/rules";
import { roleAtLeast } from "@/lib/teams/roles";
import { EnabledSwitch } from "../schedules/EnabledSwitch";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Card, CardBody, CardHeader } from "../ui/Card";
import { useToast } from "../ui/Toast";
import { AlertRulesEditor } from "./AlertRulesEditor";
import { formToRules, ruleErrors, rulesToForm, sameRules, type RulesForm } from "./rules-form";

type Props = { team: TeamOut; settings: AlertSettings; channels: ChannelOut[] };

/** The team's alert settings: whether worker outages alert its channels, and the rules new schedules start with. */
export function AlertSettingsCard({ team, settings, channels }: Props) {
  const router = useRouter();
  const toast = useToast();
  const canManage = roleAtLeast(team.role, "admin");
  const [workerAlerts, setWorkerAlerts] = useState(settings.workerAlerts);
  const [defaults, setDefaults] = useState<RulesForm>(() => rulesToForm(settings.defaults));
  const [errors, setErrors] = useState<ReturnType<typeof ruleErrors>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const changed = !sameRules(formToRules(defaults), settings.defaults);

  async function toggleWorkerAlerts(next: boolean) {
    setWorkerAlerts(next);
    try {
      await api.alerts.updateSettings(team.id, { workerAlerts: next });
      toast.show(next ? "Worker alerts on" : "Worker alerts off", "success");
      router.refresh();
    } catch (err) {
      setWorkerAlerts(!next);
      toast.show(`Could not change worker alerts: ${errorMessage(err)}`, "error");
    }
  }

  async function saveDefaults(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAlert(null);
    const rules = formToRules(defaults);
    const parsed = alertRulesSchema.nullable().safeParse(rules);
    if (!parsed.success) {
      setErrors(ruleErrors(Object.fromEntries(parsed.error.issues.map((i) => [["defaults", ...i.path].join("."), i.message])), "defaults"));
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const saved = await api.alerts.updateSettings(team.id, { defaults: rules });
      setDefaults(rulesToForm(saved.defaults));
      toast.show("Default alert rules saved", "success");
      router.refresh();
    } catch (err) {
      const placed = ruleErrors(err instanceof ApiRequestError ? (err.fields ?? {}) : {}, "defaults");
      setErrors(placed);
      if (Object.keys(placed).length === 0) setAlert(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <Card aria-labelledby="alert-settings-title">
      <CardHeader
        titleId="alert-settings-title"
        icon={<SlidersHorizontal className="size-4" />}
        title="Alert settings"
        description={canManage ? "Team-wide: worker outages, and the alert rules each new schedule starts with." : "Team-wide alert settings; changing them needs the admin role."}
      />
      <CardBody className="space-y-5">
        <div className="flex items-start gap-3">
          <div className="min-w-0 flex-1 text-sm">
            <p id="worker-alerts-label" className="font-medium text-zinc-800 dark:text-zinc-200">
              Worker alerts
            </p>
            <p className="text-zinc-600 dark:text-zinc-400">
              Tell every channel of this team when no worker is running (nothing fires then) and when one is back.
            </p>
          </div>
          <EnabledSwitch checked={workerAlerts} label="Worker alerts" onChange={(next) => void toggleWorkerAlerts(next)} disabled={!canManage} />
        </div>

        <form noValidate onSubmit={saveDefaults} aria-label="Default alert rules" className="space-y-3">
          {alert && <ErrorAlert>{alert}</ErrorAlert>}
          <AlertRulesEditor
            idPrefix="team-defaults"
            title="Default rules for new schedules"
            description={
              defaults.enabled
                ? "A schedule created without its own alert rules gets these (its form starts from them)."
                : "Off: new schedules start without alerts."
            }
            value={defaults}
            onChange={(changes) => {
              setDefaults((d) => ({ ...d, ...changes }));
              setErrors({});
            }}
            channels={{ status: "ready", items: channels }}
            noChannels="Add a channel above first."
            errors={errors}
            disabled={!canManage}
          />
          {canManage && (
            <Button type="submit" size="sm" pending={pending} disabled={!changed}>
              {!pending && <Check aria-hidden className="size-4" />}
              Save defaults
            </Button>
          )}
        </form>
      </CardBody>
    </Card>
  );
}
