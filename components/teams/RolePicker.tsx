"use client";

import { TEAM_ROLES, type TeamRole } from "@/lib/teams/roles";
import { cn } from "../ui/cn";
import { assignableRoles } from "./member-rules";

type Props = {
  id: string;
  label: string;
  value: TeamRole;
  /** The role of whoever picks: it bounds the roles offered. */
  mine: TeamRole;
  /** Set when the picker may not be used: it is disabled and says why on hover. */
  disabledReason: string | null;
  pending: boolean;
  onChange: (role: TeamRole) => void;
};

/** A member's role; the roles the picker's user may not give are left out. */
export function RolePicker({ id, label, value, mine, disabledReason, pending, onChange }: Props) {
  const roles = disabledReason ? TEAM_ROLES : assignableRoles(mine);
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select
        id={id}
        value={value}
        disabled={disabledReason !== null || pending}
        title={disabledReason ?? undefined}
        onChange={(e) => onChange(e.target.value as TeamRole)}
        className={cn(
          "h-8 w-32 rounded-lg border border-zinc-300 bg-white px-2 text-sm text-zinc-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/40",
          "disabled:cursor-not-allowed disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100",
        )}
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </select>
    </>
  );
}
