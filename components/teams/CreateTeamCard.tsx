"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Plus, UsersRound } from "@/components/ui/icons";
import { api, errorMessage } from "@/lib/api";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Card, CardBody, CardHeader } from "../ui/Card";
import { TextField } from "../ui/Field";
import { rememberTeam } from "./remember-team";
import { TEAM_NAME_MAX, teamNameProblem } from "./team-name";

/** A new shared team, its creator its owner; the pages switch to it. */
export function CreateTeamCard({ userId }: { userId: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "");
    setError(null);
    const problem = teamNameProblem(name);
    setFieldError(problem ?? undefined);
    if (problem) return;
    setPending(true);
    try {
      const team = await api.teams.create(name.trim());
      form.reset();
      rememberTeam(userId, team.id);
      router.refresh();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <Card aria-labelledby="create-team-title">
      <CardHeader titleId="create-team-title" icon={<UsersRound className="size-4" />} title="Create a team" description="Share schedules with colleagues. You will be its owner." />
      <CardBody>
        <form noValidate onSubmit={onSubmit} className="space-y-4">
          {error && <ErrorAlert>{error}</ErrorAlert>}
          <TextField id="new-team-name" name="name" label="Name of the new team" placeholder="e.g. Platform" maxLength={TEAM_NAME_MAX} autoComplete="off" error={fieldError} />
          <Button type="submit" pending={pending}>
            {!pending && <Plus aria-hidden className="size-4" />}
            Create team
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
