"use client";

import { useState, type FormEvent } from "react";
import { Link2 } from "@/components/ui/icons";
import { ApiRequestError, api, errorMessage, type InvitationCreated, type TeamOut, type TeamRole } from "@/lib/api";
import { ROLE_GRANTS } from "@/lib/teams/roles";
import { sentence } from "@/lib/api-fetch";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { SelectField, TextField } from "../ui/Field";
import { assignableRoles } from "./member-rules";

/** A plain shape check, so a typo is caught here; the server's check is the one that counts. */
const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whom (an email, or anyone with the link) and which role; the link comes back in onCreated. */
export function InviteForm({ team, onCreated }: { team: TeamOut; onCreated: (invitation: InvitationCreated, email: string | null) => void }) {
  const [pending, setPending] = useState(false);
  const [role, setRole] = useState<TeamRole>("viewer");
  const [fields, setFields] = useState<{ email?: string; role?: string }>({});
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const email = String(new FormData(form).get("email") ?? "").trim();
    setError(null);
    if (email && (!LOOKS_LIKE_EMAIL.test(email) || email.length > 254)) {
      setFields({ email: "Enter an email address, or leave it empty for a link anyone may use" });
      return;
    }
    setFields({});
    setPending(true);
    try {
      const created = await api.teams.invite(team.id, email ? { email, role } : { role });
      form.reset();
      onCreated(created, email || null);
    } catch (err) {
      const serverFields = err instanceof ApiRequestError ? err.fields : undefined;
      if (serverFields?.email || serverFields?.role) setFields({ email: serverFields.email && sentence(serverFields.email), role: serverFields.role && sentence(serverFields.role) });
      else setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      {error && <ErrorAlert>{error}</ErrorAlert>}
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_10rem]">
        <TextField
          id="invite-email"
          name="email"
          type="email"
          label="Email (optional)"
          placeholder="colleague@example.com"
          autoComplete="off"
          hint="Only the account with this email may accept. Empty: anyone with the link."
          error={fields.email}
        />
        <SelectField id="invite-role" label="Role" value={role} onChange={(e) => setRole(e.target.value as TeamRole)} error={fields.role} hint={`May ${ROLE_GRANTS[role]}.`}>
          {assignableRoles(team.role).map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
      </div>
      <Button type="submit" pending={pending}>
        {!pending && <Link2 aria-hidden className="size-4" />}
        Invite
      </Button>
    </form>
  );
}
