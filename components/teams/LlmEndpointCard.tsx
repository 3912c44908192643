"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Bot } from "@/components/ui/icons";
import { ApiRequestError, api, errorMessage, type LlmEndpointOut, type TeamOut } from "@/lib/api";
import { roleAtLeast } from "@/lib/teams/roles";
import { apiKeySecretName, llmEndpointPutSchema } from "@/lib/validation/llm-endpoint";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Card, CardBody, CardHeader } from "../ui/Card";
import { TextField } from "../ui/Field";
import { useToast } from "../ui/Toast";

type Props = { team: TeamOut; endpoint: LlmEndpointOut };
type Errors = Partial<Record<"url" | "model" | "apiKey", string>>;

/** The key field holds a secret's name; the API takes it as {{secrets.NAME}} (either form is accepted here). */
const toReference = (text: string) => (text.trim() === "" ? null : apiKeySecretName(text) ? text.trim() : `{{secrets.${text.trim()}}}`);

/** Where the team's llm jobs send their prompts: its own endpoint (admins set it), or the operator's. */
export function LlmEndpointCard({ team, endpoint }: Props) {
  const router = useRouter();
  const toast = useToast();
  const canManage = roleAtLeast(team.role, "admin");
  const [url, setUrl] = useState(endpoint.url ?? "");
  const [model, setModel] = useState(endpoint.model ?? "");
  const [secret, setSecret] = useState(endpoint.apiKey ? (apiKeySecretName(endpoint.apiKey) ?? endpoint.apiKey) : "");
  const [errors, setErrors] = useState<Errors>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [pending, setPending] = useState<"save" | "remove" | null>(null);

  const operator = endpoint.operatorDefault;
  const status = endpoint.configured
    ? "This team's llm jobs use the endpoint below."
    : operator.available
      ? `This team's llm jobs use the operator's endpoint${operator.model ? ` (model ${operator.model})` : ""} until an endpoint is set here.`
      : "No endpoint: this team cannot run llm jobs until one is set here (the operator has set none).";

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAlert(null);
    const input = { url: url.trim(), model: model.trim() || null, apiKey: toReference(secret) };
    const parsed = llmEndpointPutSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "url"), i.message])));
      return;
    }
    setErrors({});
    setPending("save");
    try {
      await api.llmEndpoint.put(team.id, parsed.data);
      toast.show("Model endpoint saved", "success");
      router.refresh();
    } catch (err) {
      const fields = err instanceof ApiRequestError ? (err.fields ?? {}) : {};
      const placed: Errors = { url: fields.url, model: fields.model, apiKey: fields.apiKey };
      setErrors(placed);
      if (!placed.url && !placed.model && !placed.apiKey) setAlert(errorMessage(err));
    } finally {
      setPending(null);
    }
  }

  async function remove() {
    setAlert(null);
    setPending("remove");
    try {
      await api.llmEndpoint.remove(team.id);
      setUrl("");
      setModel("");
      setSecret("");
      toast.show("Model endpoint removed", "success");
      router.refresh();
    } catch (err) {
      setAlert(errorMessage(err));
    } finally {
      setPending(null);
    }
  }

  return (
    <Card aria-labelledby="llm-endpoint-title">
      <CardHeader
        titleId="llm-endpoint-title"
        icon={<Bot className="size-4" />}
        title="Model endpoint"
        description={canManage ? "The OpenAI-compatible chat-completions endpoint this team's llm jobs call." : "Where this team's llm jobs send their prompts; changing it needs the admin role."}
      />
      <CardBody>
        <form noValidate onSubmit={save} aria-label="Model endpoint" className="space-y-4">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{status}</p>
          {alert && <ErrorAlert>{alert}</ErrorAlert>}
          <TextField
            id="llm-endpoint-url"
            label="URL"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://api.openai.com/v1"
            autoComplete="off"
            disabled={!canManage}
            error={errors.url}
            hint="The base URL (ending in /v1) or the full .../chat/completions URL."
          />
          <TextField
            id="llm-endpoint-model"
            label="Model"
            value={model}
            onChange={(e) => setModel(e.target.value)}
            placeholder="gpt-4o-mini"
            autoComplete="off"
            disabled={!canManage}
            error={errors.model}
            hint="Used by jobs that name no model of their own."
          />
          <TextField
            id="llm-endpoint-key"
            label="API key secret"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            placeholder="OPENAI_API_KEY"
            autoComplete="off"
            disabled={!canManage}
            error={errors.apiKey}
            hint="The name of a team secret holding the key (sent as {{secrets.NAME}}); leave empty for none."
          />
          {canManage && (
            <div className="flex flex-wrap gap-2">
              <Button type="submit" size="sm" pending={pending === "save"} disabled={pending !== null}>
                Save endpoint
              </Button>
              {endpoint.configured && (
                <Button variant="ghost" size="sm" pending={pending === "remove"} disabled={pending !== null} onClick={() => void remove()}>
                  Use the operator&apos;s endpoint
                </Button>
              )}
            </div>
          )}
        </form>
      </CardBody>
    </Card>
  );
}
