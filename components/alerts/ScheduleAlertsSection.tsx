"use client";

import { useEffect, useRef } from "react";
import Link from "next/link";
import { api, type AlertRules } from "@/lib/api";
import { AlertRulesEditor } from "./AlertRulesEditor";
import { ruleErrors, type RulesForm } from "./rules-form";
import { useTeamChannels } from "./use-team-channels";

type Props = {
  idPrefix: string;
  /** The schedule's team (a new schedule's: the team chosen in the sidebar). */
  teamId: string | undefined;
  value: RulesForm;
  onChange: (changes: Partial<RulesForm>) => void;
  /** The form's messages; those about alerts.* are shown here. */
  errors: Record<string, string>;
  /** For a new schedule: the team's default rules, shown until the user changes them. */
  onTeamDefaults?: (defaults: AlertRules) => void;
  fromDefaults?: boolean;
};

/** The schedule form's Alerts section: the team's channels to pick from, and the rules. */
export function ScheduleAlertsSection({ idPrefix, teamId, value, onChange, errors, onTeamDefaults, fromDefaults }: Props) {
  const channels = useTeamChannels(teamId);
  const wantsDefaults = useRef(onTeamDefaults);

  useEffect(() => {
    const take = wantsDefaults.current;
    if (!teamId || !take) return;
    const controller = new AbortController();
    // Not loading them is no error worth showing: the server applies them anyway.
    api.alerts.settings(teamId, controller.signal).then((s) => s.defaults && take(s.defaults), () => {});
    return () => controller.abort();
  }, [teamId]);

  return (
    <AlertRulesEditor
      idPrefix={idPrefix}
      value={value}
      onChange={onChange}
      channels={channels}
      errors={ruleErrors(errors, "alerts")}
      note={fromDefaults ? "From this team's default alert rules (Team settings)." : undefined}
      noChannels={
        <>
          This team has no alert channels yet.{" "}
          <Link href="/settings/team" className="font-medium text-brand-700 underline underline-offset-2 dark:text-brand-400">
            Add one in Team settings
          </Link>
        </>
      }
    />
  );
}
