"use client";

import { useId, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Check, KeyRound, Pencil, Plus, Trash2 } from "@/components/ui/icons";
import { ApiRequestError, api, errorMessage, type SecretOut, type TeamOut } from "@/lib/api";
import { sentence } from "@/lib/api-fetch";
import { SECRET_NAME_PATTERN, SECRET_NAME_RULE } from "@/lib/secrets/references";
import { roleAtLeast } from "@/lib/teams/roles";
import { LocalTime } from "../runs/LocalTime";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Card, CardBody, CardHeader } from "../ui/Card";
import { ConfirmDeleteDialog } from "../ui/ConfirmDeleteDialog";
import { CopyButton } from "../ui/CopyButton";
import { TextField } from "../ui/Field";

type Editing = { kind: "add" } | { kind: "replace"; name: string } | null;

/**
 * The team's secrets: every member sees their names and who set them when; admins add them,
 * replace a value and delete them. A value is typed into a password field and never shown again.
 */
export function SecretsCard({ team, secrets }: { team: TeamOut; secrets: SecretOut[] }) {
  const router = useRouter();
  const canManage = roleAtLeast(team.role, "admin");
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<SecretOut | null>(null);
  const saved = () => {
    setEditing(null);
    router.refresh();
  };

  const description = canManage
    ? "Values jobs use without showing them: write {{secrets.NAME}} in an http job's URL, headers or body, a shell job's command or environment. Stored encrypted; only workers read them, when a job runs."
    : "Values this team's jobs use as {{secrets.NAME}}, stored encrypted. Adding and changing secrets needs the admin role.";

  return (
    <Card aria-labelledby="secrets-title">
      <CardHeader
        titleId="secrets-title"
        icon={<KeyRound className="size-4" />}
        title="Secrets"
        description={description}
        action={
          canManage && editing?.kind !== "add" ? (
            <Button size="sm" onClick={() => setEditing({ kind: "add" })}>
              <Plus aria-hidden className="size-4" />
              Add secret
            </Button>
          ) : undefined
        }
      />
      {editing?.kind === "add" && (
        <CardBody className="border-b border-zinc-200 dark:border-white/10">
          <SecretForm teamId={team.id} onCancel={() => setEditing(null)} onSaved={saved} />
        </CardBody>
      )}
      {secrets.length === 0 ? (
        <p className="px-5 py-6 text-sm text-zinc-500 dark:text-zinc-400">No secrets yet.{canManage ? " Add one, then use it in a job as {{secrets.NAME}}." : ""}</p>
      ) : (
        <ul aria-labelledby="secrets-title" className="divide-y divide-zinc-200 dark:divide-white/10">
          {secrets.map((secret) => (
            <li key={secret.name} className="px-5 py-3.5">
              <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:gap-4">
                <div className="min-w-0 flex-1 text-sm">
                  <p className="font-mono font-medium text-zinc-900 dark:text-white">{secret.name}</p>
                  <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                    Set <LocalTime value={secret.updatedAt} mode="relative" />
                    {secret.updatedBy ? ` by ${secret.updatedBy}` : ""}
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-1.5 sm:justify-end">
                  <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">{secret.reference}</code>
                  <CopyButton value={secret.reference} label="Copy" variant="ghost" aria-label={`Copy ${secret.reference}`} />
                  {canManage && (
                    <>
                      <Button variant="ghost" size="sm" onClick={() => setEditing({ kind: "replace", name: secret.name })}>
                        <Pencil aria-hidden className="size-3.5" />
                        Replace value<span className="sr-only"> of {secret.name}</span>
                      </Button>
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() => setDeleting(secret)}
                        className="text-red-700 hover:bg-red-50 hover:text-red-800 dark:text-red-400 dark:hover:bg-red-500/10"
                      >
                        <Trash2 aria-hidden className="size-3.5" />
                        Delete<span className="sr-only"> {secret.name}</span>
                      </Button>
                    </>
                  )}
                </div>
              </div>
              {editing?.kind === "replace" && editing.name === secret.name && (
                <div className="mt-3">
                  <SecretForm teamId={team.id} name={secret.name} onCancel={() => setEditing(null)} onSaved={saved} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDeleteDialog
        open={deleting !== null}
        title={`Delete the secret ${deleting?.name ?? ""}?`}
        description="Jobs can no longer use it. A secret still used by a schedule or the team's LLM endpoint cannot be deleted: change those first."
        confirmLabel="Delete"
        remove={() => api.secrets.delete(team.id, deleting!.name)}
        onClose={() => setDeleting(null)}
        onDone={() => {
          setDeleting(null);
          router.refresh();
        }}
      />
    </Card>
  );
}

type FormProps = {
  teamId: string;
  /** The secret whose value is replaced; without it the form adds one. */
  name?: string;
  onSaved: () => void;
  onCancel: () => void;
};

type Errors = Partial<Record<"name" | "value", string>>;

/** Adds a secret (a name and a value) or replaces one's value; the value is typed into a password field. */
function SecretForm({ teamId, name: replacing, onSaved, onCancel }: FormProps) {
  const idPrefix = `secret-form-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAlert(null);
    const found: Errors = {};
    if (!replacing && !SECRET_NAME_PATTERN.test(name)) found.name = name ? `The name must be ${SECRET_NAME_RULE}` : "Name is required";
    if (!value) found.value = "Value is required";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    try {
      if (replacing) await api.secrets.replace(teamId, replacing, value);
      else await api.secrets.create(teamId, { name, value });
      setValue("");
      onSaved();
    } catch (err) {
      const fields = err instanceof ApiRequestError ? (err.fields ?? {}) : {};
      const placed: Errors = {};
      if (fields.name) placed.name = sentence(fields.name);
      if (fields.value) placed.value = sentence(fields.value);
      setErrors(placed);
      if (Object.keys(placed).length === 0) setAlert(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <form noValidate onSubmit={onSubmit} aria-label={replacing ? `Replace the value of ${replacing}` : "New secret"} className="space-y-4">
      {alert && <ErrorAlert>{alert}</ErrorAlert>}
      <div className="grid gap-4 sm:grid-cols-2">
        {!replacing && (
          <TextField
            id={`${idPrefix}-name`}
            label="Name"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setErrors((x) => ({ ...x, name: undefined }));
            }}
            placeholder="e.g. API_TOKEN"
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            hint={name && SECRET_NAME_PATTERN.test(name) ? `Used as {{secrets.${name}}}` : "Letters, digits and _, like an environment variable."}
            error={errors.name}
          />
        )}
        <TextField
          id={`${idPrefix}-value`}
          label={replacing ? "New value" : "Value"}
          type="password"
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setErrors((x) => ({ ...x, value: undefined }));
          }}
          autoComplete="new-password"
          spellCheck={false}
          hint={replacing ? "Replaces the saved value, which is never shown." : "Stored encrypted; never shown again."}
          error={errors.value}
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={pending}>
          {!pending && (replacing ? <Check aria-hidden className="size-4" /> : <Plus aria-hidden className="size-4" />)}
          {replacing ? "Replace value" : "Add secret"}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
