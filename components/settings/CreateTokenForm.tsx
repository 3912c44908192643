"use client";

import { useState, type FormEvent } from "react";
import { Plus } from "@/components/ui/icons";
import { apiTokenCreateSchema } from "@/lib/validation/auth";
import { ApiRequestError, apiFetch, errorMessage, pickFieldErrors, zodFieldErrors } from "@/lib/api-fetch";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { SelectField, TextField } from "../ui/Field";
import type { CreatedApiToken } from "./types";

const FIELD_NAMES = ["name", "expiresInDays"] as const;
type Fields = Partial<Record<(typeof FIELD_NAMES)[number], string>>;

const EXPIRY_OPTIONS = [
  { value: "", label: "Never" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In 1 year" },
];

export function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const [pending, setPending] = useState(false);
  const [fields, setFields] = useState<Fields>({});
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const days = String(data.get("expiresInDays") ?? "");
    const name = String(data.get("name") ?? "");
    const parsed = apiTokenCreateSchema.safeParse({ name, ...(days ? { expiresInDays: Number(days) } : {}) });
    setError(null);
    if (!parsed.success) {
      setFields(zodFieldErrors(parsed.error, { name: name.trim() }));
      return;
    }
    setFields({});
    setPending(true);
    try {
      const created = await apiFetch<CreatedApiToken>("/api/v1/tokens", { method: "POST", body: JSON.stringify(parsed.data) });
      form.reset();
      onCreated(created);
    } catch (err) {
      const { inline, unmatched } = pickFieldErrors(err instanceof ApiRequestError ? err.fields : undefined, FIELD_NAMES);
      setFields(inline);
      if (unmatched || Object.keys(inline).length === 0) setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      {error && <ErrorAlert>{error}</ErrorAlert>}
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem]">
        <TextField
          id="token-name"
          name="name"
          label="Name"
          placeholder="e.g. CI deploys"
          maxLength={100}
          required
          autoComplete="off"
          hint="Something that tells you where the token is used."
          error={fields.name}
        />
        <SelectField id="token-expiry" name="expiresInDays" label="Expires" defaultValue="" error={fields.expiresInDays}>
          {EXPIRY_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
      </div>
      <Button type="submit" pending={pending}>
        {!pending && <Plus aria-hidden className="size-4" />}
        Create token
      </Button>
    </form>
  );
}
