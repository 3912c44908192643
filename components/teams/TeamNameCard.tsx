"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Trash2 } from "@/components/ui/icons";
import { api, errorMessage, type TeamOut } from "@/lib/api";
import { roleAtLeast } from "@/lib/teams/roles";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Card, CardBody, CardHeader } from "../ui/Card";
import { ConfirmDeleteDialog } from "../ui/ConfirmDeleteDialog";
import { TextField } from "../ui/Field";
import { TEAM_NAME_MAX, teamNameProblem } from "./team-name";

/** The team's name: owners rename it, and delete a shared team with all its schedules. */
export function TeamNameCard({ team }: { team: TeamOut }) {
  const router = useRouter();
  const isOwner = roleAtLeast(team.role, "owner");
  const [pending, setPending] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    setError(null);
    setSaved(false);
    const problem = teamNameProblem(name);
    setFieldError(problem ?? undefined);
    if (problem) return;
    setPending(true);
    try {
      await api.teams.rename(team.id, name.trim());
      setSaved(true);
      router.refresh();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <Card aria-labelledby="team-name-title">
      <CardHeader titleId="team-name-title" title="Name" description={isOwner ? undefined : "Only an owner may rename or delete the team."} />
      <CardBody>
        <form noValidate onSubmit={onSubmit} className="space-y-4">
          {error && <ErrorAlert>{error}</ErrorAlert>}
          <TextField
            id="team-name"
            name="name"
            label="Team name"
            defaultValue={team.name}
            maxLength={TEAM_NAME_MAX}
            autoComplete="off"
            disabled={!isOwner}
            error={fieldError}
            hint={saved ? "Saved." : undefined}
          />
          {isOwner && (
            <div className="flex flex-wrap gap-2">
              <Button type="submit" pending={pending}>
                Rename
              </Button>
              {team.personal ? (
                <p className="self-center text-xs text-zinc-500 dark:text-zinc-400">A personal team goes with its account and cannot be deleted.</p>
              ) : (
                <Button variant="ghost" onClick={() => setDeleting(true)} className="text-red-700 hover:bg-red-50 hover:text-red-800 dark:text-red-400 dark:hover:bg-red-500/10 dark:hover:text-red-300">
                  <Trash2 aria-hidden className="size-4" />
                  Delete team
                </Button>
              )}
            </div>
          )}
        </form>
      </CardBody>
      <ConfirmDeleteDialog
        open={deleting}
        title={`Delete “${team.name}”?`}
        description="Its schedules, their runs, its members' access and its audit log go with it. This cannot be undone."
        confirmLabel="Delete team"
        remove={() => api.teams.delete(team.id)}
        onClose={() => setDeleting(false)}
        onDone={() => {
          setDeleting(false);
          // The chosen team is gone: the server falls back to the personal team.
          router.refresh();
        }}
      />
    </Card>
  );
}
