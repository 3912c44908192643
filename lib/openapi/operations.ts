// Every REST endpoint, described with the very zod schemas its handler parses and returns. The
// OpenAPI document is generated from this list, and a test checks it against the route files.
import { z } from "zod";
import { ERROR_STATUS } from "../api/errors";
import { assistantConversationSchema, assistantMessageSchema, assistantReplySchema } from "../assistant/validation";
import { apiTokenCreateSchema, credentialsSchema, registerSchema } from "../validation/auth";
import { alertEventOutSchema, alertListQuerySchema, alertSettingsSchema, alertSettingsUpdateSchema, channelCreatedSchema, channelCreateSchema, channelOutSchema, channelSecretSchema, channelTestSchema, channelUpdateSchema } from "../validation/alerts";
import { secretCreateSchema, secretOutSchema, secretUpdateSchema } from "../validation/secrets";
import { auditEventOutSchema, auditQuerySchema, invitationAcceptSchema, invitationCreatedSchema, invitationCreateSchema, invitationOutSchema, memberOutSchema, memberUpdateSchema, teamCreateSchema, teamOutSchema, teamUpdateSchema } from "../validation/teams";
import { runOutputOutSchema, runOutputQuerySchema } from "../validation/run-output";
import { crontabImportOutSchema, crontabImportSchema } from "../validation/crontab";
import { describeOutSchema, describeQuerySchema, parseBodySchema, parseOutSchema } from "../validation/cron";
import { llmEndpointOutSchema, llmEndpointPutSchema } from "../validation/llm-endpoint";
import { applyBodySchema, applyResultSchema, exportQuerySchema } from "../schedules-as-code/document";
import {
  allRunsQuerySchema,
  pageOf,
  runListQuerySchema,
  runOutSchema,
  scheduleCreateSchema,
  scheduleListOutSchema,
  scheduleListQuerySchema,
  scheduleOutSchema,
  scheduleUpdateSchema,
  toggleSchema,
} from "../validation/schedules";

export type Method = "get" | "post" | "put" | "patch" | "delete";
type Response = {
  description: string;
  schema?: z.ZodType;
  /** Also answered as text/event-stream (Accept: text/event-stream): what the events are. */
  events?: string;
  /** The media type when not application/json. */
  mediaType?: string;
};
export type Operation = {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  /** false for the few endpoints anyone may call */
  auth?: boolean;
  /** The operationId when the one made from the method and path would mislead. */
  operationId?: string;
  /** A body that is not JSON: its media type and what it is. */
  rawBody?: { mediaType: string; description: string };
  query?: z.ZodObject;
  body?: z.ZodType;
  bodyRequired?: boolean;
  responses: Record<number, Response>;
};

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]]),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().meta({ description: "Field name to what is wrong with it" }),
      suggestion: z.string().optional(),
    }),
  })
  .meta({ id: "Error" });

const publicUser = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }).meta({ id: "User" });
const apiToken = z
  .object({ id: z.string(), name: z.string(), prefix: z.string(), teamId: z.string().nullable().meta({ description: "The team it is bound to (null: wherever you may act)" }), role: z.string().nullable(), lastUsedAt: z.iso.datetime().nullable(), expiresAt: z.iso.datetime().nullable(), createdAt: z.iso.datetime() })
  .meta({ id: "ApiToken" });
const entrypoint = z
  .object({ key: z.string(), title: z.string(), description: z.string(), payloadSchema: z.record(z.string(), z.unknown()).meta({ description: "JSON Schema of the payload" }) })
  .meta({ id: "Entrypoint" });

const ok = (description: string, schema?: z.ZodType): Response => ({ description, schema });
const bad = { 400: ok("Invalid input; `fields` names each problem", errorSchema) };
const auth = { 401: ok("No valid credentials", errorSchema) };
const notFound = { 404: ok("No such schedule in your teams", errorSchema) };
const editorOnly = { 403: ok("Your role in the schedule's team is below editor; the message names the role needed", errorSchema) };
const noTeam = { 404: ok("No such team among yours", errorSchema) };
const roleNeeded = (role: string) => ({ 403: ok(`Needs the ${role} role in the team; the message names it`, errorSchema) });

export const operations: Operation[] = [
  { method: "post", path: "/api/v1/auth/register", tag: "Accounts", auth: false, summary: "Create an account", body: registerSchema, bodyRequired: true, responses: { 201: ok("Created", publicUser), ...bad, 403: ok("Registration is turned off (ALLOW_REGISTRATION=false), or password sign-in is (PASSWORD_LOGIN=false)", errorSchema), 409: ok("Email already registered", errorSchema), 429: ok("Too many registrations from this address; see Retry-After", errorSchema) } },
  { method: "post", path: "/api/v1/auth/token", tag: "Accounts", auth: false, summary: "Trade email and password for a Bearer JWT", body: credentialsSchema, bodyRequired: true, responses: { 200: ok("A token", z.object({ accessToken: z.string(), tokenType: z.literal("Bearer"), expiresIn: z.int() })), ...bad, 401: ok("Invalid email or password", errorSchema), 403: ok("Password sign-in is turned off (PASSWORD_LOGIN=false)", errorSchema), 429: ok("Too many failed attempts; see Retry-After", errorSchema) } },
  { method: "get", path: "/api/v1/me", tag: "Accounts", summary: "Who the credentials belong to", responses: { 200: ok("The user", publicUser.extend({ authenticatedBy: z.enum(["session", "access_token", "api_token"]) })), ...auth } },
  { method: "get", path: "/api/v1/tokens", tag: "Accounts", summary: "List API tokens", responses: { 200: ok("Tokens (never the secret)", z.object({ items: z.array(apiToken) })), ...auth } },
  { method: "post", path: "/api/v1/tokens", tag: "Accounts", summary: "Create an API token (shown once); with teamId, bound to that team", body: apiTokenCreateSchema, bodyRequired: true, responses: { 201: ok("The token, with its secret", apiToken.extend({ token: z.string() })), ...bad, ...auth, 403: ok("A Bearer credential asked for a token that would outlive it, or a team-bound token needs the admin role there and a role no higher than yours", errorSchema), 404: ok("No such team among yours", errorSchema) } },
  { method: "delete", path: "/api/v1/tokens/{id}", tag: "Accounts", summary: "Revoke an API token", responses: { 204: ok("Revoked"), ...auth, 404: ok("No such token", errorSchema) } },

  { method: "get", path: "/api/v1/schedules", tag: "Schedules", summary: "List schedules by name", query: scheduleListQuerySchema, responses: { 200: ok("A page of schedules, with the counts for the search", scheduleListOutSchema), ...bad, ...auth } },
  { method: "post", path: "/api/v1/schedules", tag: "Schedules", summary: "Create a schedule", body: scheduleCreateSchema, bodyRequired: true, responses: { 201: ok("Created; Location names it", scheduleOutSchema), ...bad, ...auth, 403: ok("Your role in that team is below editor", errorSchema), 404: ok("No such team among yours", errorSchema), 409: ok("Name already used, or the schedule limit is reached", errorSchema), 413: ok("Body over 64 KiB", errorSchema) } },
  { method: "post", path: "/api/v1/schedules/import/crontab", tag: "Schedules", summary: "Import a crontab: each entry a shell schedule (dryRun: preview only); every line not imported comes back with its number and reason", body: crontabImportSchema, bodyRequired: true, responses: { 200: ok("A dry run, or nothing chosen: what would be imported", crontabImportOutSchema), 201: ok("Imported, all in one transaction", crontabImportOutSchema), ...bad, ...auth, 403: ok("Your role in that team is below editor", errorSchema), 404: ok("No such team among yours", errorSchema), 409: ok("A name was taken meanwhile, or the schedule limit is reached: nothing was imported", errorSchema), 413: ok("Body over 64 KiB", errorSchema) } },
  { method: "get", path: "/api/v1/schedules/{id}", tag: "Schedules", summary: "Get a schedule", responses: { 200: ok("The schedule", scheduleOutSchema), ...auth, ...notFound } },
  { method: "patch", path: "/api/v1/schedules/{id}", tag: "Schedules", summary: "Change a schedule", body: scheduleUpdateSchema, bodyRequired: true, responses: { 200: ok("Changed", scheduleOutSchema), ...bad, ...auth, ...editorOnly, ...notFound, 409: ok("Name already used, or the schedule kept changing while this change was saved (try again)", errorSchema) } },
  { method: "delete", path: "/api/v1/schedules/{id}", tag: "Schedules", summary: "Delete a schedule and its runs", responses: { 204: ok("Deleted"), ...auth, ...editorOnly, ...notFound } },
  // Schedules as code (docs/schedules-as-code.md)
  { method: "get", path: "/api/v1/schedules/export", tag: "Schedules", summary: "A team's schedules as one YAML or JSON document", query: exportQuerySchema, responses: { 200: { description: "The document (application/yaml, or application/json with format=json), with a Content-Disposition filename", schema: z.string(), mediaType: "application/yaml" }, ...bad, ...auth, ...noTeam } },
  { method: "post", path: "/api/v1/schedules/apply", tag: "Schedules", summary: "Make a team's schedules what a document says, in one transaction (or plan it: dryRun)", body: applyBodySchema, bodyRequired: true, responses: { 200: ok("The plan: written, or with dryRun only planned", applyResultSchema), 400: ok("The document has errors (each in `errors`, with its schedule, line and field); nothing was written", errorSchema.extend(applyResultSchema.shape)), ...auth, 403: ok("Your role in the team is below editor, or a schedule needs a higher role (a shell job: admin; then `errors` names it)", errorSchema), ...noTeam, 409: ok("A schedule changed or a name was taken while applying, or the schedule limit is reached; nothing was written", errorSchema), 413: ok("Body over 2 MiB", errorSchema) } },
  { method: "get", path: "/api/v1/schedules/document-schema", tag: "Schedules", auth: false, summary: "The JSON Schema of a schedules document", responses: { 200: ok("JSON Schema (draft 2020-12)", z.record(z.string(), z.unknown())) } },
  { method: "patch", path: "/api/v1/schedules/{id}/toggle", tag: "Schedules", summary: "Flip isEnabled, or set it", body: toggleSchema, responses: { 200: ok("Changed", scheduleOutSchema), ...bad, ...auth, ...editorOnly, ...notFound, 409: ok("The schedule kept changing while this change was saved (try again)", errorSchema) } },
  { method: "post", path: "/api/v1/schedules/{id}/ping-key", tag: "Schedules", summary: "A heartbeat check's new ping URL: the old one stops working at once", responses: { 200: ok("The schedule, with its new pingUrl", scheduleOutSchema), ...auth, ...editorOnly, ...notFound, 409: ok("Not a heartbeat check: only those have a ping URL", errorSchema) } },
  { method: "post", path: "/api/v1/schedules/{id}/run", tag: "Runs", summary: "Queue a manual run now", responses: { 202: ok("Queued", z.object({ run: runOutSchema })), ...auth, ...editorOnly, ...notFound, 409: ok("A heartbeat check runs nothing here: its runs come from pings", errorSchema), 429: ok("Too many Run now requests from this account; see Retry-After", errorSchema) } },
  { method: "get", path: "/api/v1/schedules/{id}/runs", tag: "Runs", summary: "A schedule's runs, newest first", query: runListQuerySchema, responses: { 200: ok("A page of runs", pageOf(runOutSchema)), ...bad, ...auth, ...notFound } },
  {
    method: "get",
    path: "/api/v1/runs/{id}/output",
    tag: "Runs",
    summary: "A run's output (stdout, stderr, log lines); with Accept: text/event-stream, followed live until the run ends",
    query: runOutputQuerySchema,
    responses: {
      200: {
        ...ok("The chunks after `after` (JSON), or Server-Sent Events", runOutputOutSchema),
        events:
          "`event: output` with `id: <seq>` and data {seq, stream, text, at} per chunk, then `event: end` with data {status, droppedBytes} once the run has ended and every chunk was sent (status null: the run was deleted). Resumes after the Last-Event-ID header; a comment line every 15 s.",
      },
      ...bad,
      ...auth,
      404: ok("No such run in your teams", errorSchema),
    },
  },
  { method: "get", path: "/api/v1/runs", tag: "Runs", summary: "Runs of the schedules of every team of yours (or of one), newest first", query: allRunsQuerySchema, responses: { 200: ok("A page of runs", pageOf(runOutSchema)), ...bad, ...auth, ...noTeam } },

  { method: "get", path: "/api/v1/teams", tag: "Teams", summary: "Your teams and your role in each", responses: { 200: ok("Teams", z.object({ items: z.array(teamOutSchema) })), ...auth } },
  { method: "post", path: "/api/v1/teams", tag: "Teams", summary: "Create a team (you are its owner)", body: teamCreateSchema, bodyRequired: true, responses: { 201: ok("Created; Location names it", teamOutSchema), ...bad, ...auth } },
  { method: "get", path: "/api/v1/teams/{teamId}", tag: "Teams", summary: "A team and your role in it", responses: { 200: ok("The team", teamOutSchema), ...auth, ...noTeam } },
  { method: "patch", path: "/api/v1/teams/{teamId}", tag: "Teams", summary: "Rename a team", body: teamUpdateSchema, bodyRequired: true, responses: { 200: ok("Renamed", teamOutSchema), ...bad, ...auth, ...roleNeeded("owner"), ...noTeam } },
  { method: "delete", path: "/api/v1/teams/{teamId}", tag: "Teams", summary: "Delete a team with its schedules and their runs", responses: { 204: ok("Deleted"), ...auth, ...roleNeeded("owner"), ...noTeam, 409: ok("A personal team goes only with its account", errorSchema) } },
  { method: "get", path: "/api/v1/teams/{teamId}/members", tag: "Teams", summary: "A team's members and their roles", responses: { 200: ok("Members", z.object({ items: z.array(memberOutSchema) })), ...auth, ...noTeam } },
  { method: "patch", path: "/api/v1/teams/{teamId}/members/{userId}", tag: "Teams", summary: "Give a member another role (admins; owners for owners)", body: memberUpdateSchema, bodyRequired: true, responses: { 200: ok("The member", memberOutSchema), ...bad, ...auth, ...roleNeeded("admin"), 404: ok("No such team among yours, or no such member", errorSchema), 409: ok("The team would be left without an owner", errorSchema) } },
  { method: "delete", path: "/api/v1/teams/{teamId}/members/{userId}", tag: "Teams", summary: "Remove a member, or leave (your own id)", responses: { 204: ok("Removed"), ...auth, ...roleNeeded("admin"), 404: ok("No such team among yours, or no such member", errorSchema), 409: ok("The team would be left without an owner", errorSchema) } },
  { method: "get", path: "/api/v1/teams/{teamId}/invitations", tag: "Teams", summary: "Pending invitations", responses: { 200: ok("Invitations (never their tokens)", z.object({ items: z.array(invitationOutSchema) })), ...auth, ...roleNeeded("admin"), ...noTeam } },
  { method: "post", path: "/api/v1/teams/{teamId}/invitations", tag: "Teams", summary: "Invite someone with a role (the token is shown once)", body: invitationCreateSchema, bodyRequired: true, responses: { 201: ok("The invitation, with its token and link", invitationCreatedSchema), ...bad, ...auth, ...roleNeeded("admin"), ...noTeam } },
  { method: "delete", path: "/api/v1/teams/{teamId}/invitations/{id}", tag: "Teams", summary: "Revoke a pending invitation", responses: { 204: ok("Revoked"), ...auth, ...roleNeeded("admin"), 404: ok("No such team among yours, or no such pending invitation", errorSchema) } },
  { method: "get", path: "/api/v1/teams/{teamId}/audit", tag: "Teams", summary: "Who changed what in the team, newest first", query: auditQuerySchema, responses: { 200: ok("A page of the audit log", pageOf(auditEventOutSchema)), ...bad, ...auth, ...noTeam } },
  { method: "get", path: "/api/v1/teams/{teamId}/channels", tag: "Alerts", summary: "The team's alert channels (secrets masked)", responses: { 200: ok("Channels", z.object({ items: z.array(channelOutSchema) })), ...auth, ...noTeam } },
  { method: "post", path: "/api/v1/teams/{teamId}/channels", tag: "Alerts", summary: "Add an alert channel: email, webhook (signed), slack, discord, msteams or ntfy", body: channelCreateSchema, bodyRequired: true, responses: { 201: ok("The channel; a webhook's signing secret is shown only here", channelCreatedSchema), ...bad, ...auth, ...roleNeeded("admin"), ...noTeam, 409: ok("The team has a channel with this name", errorSchema) } },
  { method: "get", path: "/api/v1/teams/{teamId}/channels/{channelId}", tag: "Alerts", summary: "An alert channel (secrets masked)", responses: { 200: ok("The channel", channelOutSchema), ...auth, 404: ok("No such team among yours, or no such channel", errorSchema) } },
  { method: "patch", path: "/api/v1/teams/{teamId}/channels/{channelId}", tag: "Alerts", summary: "Rename a channel or change its config (a masked value sent back keeps the saved one)", body: channelUpdateSchema, bodyRequired: true, responses: { 200: ok("The channel", channelOutSchema), ...bad, ...auth, ...roleNeeded("admin"), 404: ok("No such team among yours, or no such channel", errorSchema), 409: ok("The team has a channel with this name", errorSchema) } },
  { method: "delete", path: "/api/v1/teams/{teamId}/channels/{channelId}", tag: "Alerts", summary: "Delete a channel (its past deliveries stay in the history)", responses: { 204: ok("Deleted"), ...auth, ...roleNeeded("admin"), 404: ok("No such team among yours, or no such channel", errorSchema) } },
  { method: "post", path: "/api/v1/teams/{teamId}/channels/{channelId}/test", tag: "Alerts", summary: "Send a channel.test event now", responses: { 200: ok("Delivered", channelTestSchema), ...auth, ...roleNeeded("admin"), 404: ok("No such team among yours, or no such channel", errorSchema), 502: ok("Not delivered: the message is the receiver's answer (or why it could not be reached)", errorSchema) } },
  { method: "post", path: "/api/v1/teams/{teamId}/channels/{channelId}/rotate-secret", tag: "Alerts", summary: "A new signing secret for a webhook channel (shown only here)", responses: { 200: ok("The new secret", channelSecretSchema), ...auth, ...roleNeeded("admin"), 404: ok("No such team among yours, or no such channel", errorSchema), 409: ok("Not a webhook channel", errorSchema) } },
  { method: "get", path: "/api/v1/teams/{teamId}/secrets", tag: "Secrets", summary: "The team's secrets: names, who set each and when (never a value)", responses: { 200: ok("Secrets", z.object({ items: z.array(secretOutSchema) })), ...auth, ...noTeam } },
  { method: "post", path: "/api/v1/teams/{teamId}/secrets", tag: "Secrets", summary: "Add a secret, used in job payloads as {{secrets.NAME}}; stored sealed, never shown again", body: secretCreateSchema, bodyRequired: true, responses: { 201: ok("The secret (without its value)", secretOutSchema), ...bad, ...auth, ...roleNeeded("admin"), ...noTeam, 409: ok("The team has a secret with this name", errorSchema) } },
  { method: "put", path: "/api/v1/teams/{teamId}/secrets/{name}", tag: "Secrets", summary: "Replace a secret's value", body: secretUpdateSchema, bodyRequired: true, responses: { 200: ok("The secret (without its value)", secretOutSchema), ...bad, ...auth, ...roleNeeded("admin"), 404: ok("No such team among yours, or no such secret", errorSchema) } },
  { method: "delete", path: "/api/v1/teams/{teamId}/secrets/{name}", tag: "Secrets", summary: "Delete a secret; refused while a schedule or the team's LLM endpoint uses it", responses: { 204: ok("Deleted"), ...auth, ...roleNeeded("admin"), 404: ok("No such team among yours, or no such secret", errorSchema), 409: ok("Still in use: `schedules` lists those that refer to it ({id, name}), `llmEndpoint` whether the team's LLM endpoint does", errorSchema) } },
  { method: "get", path: "/api/v1/teams/{teamId}/alert-settings", tag: "Alerts", summary: "Default alert rules for new schedules, and whether worker alerts reach the team", responses: { 200: ok("The settings", alertSettingsSchema), ...auth, ...noTeam } },
  { method: "patch", path: "/api/v1/teams/{teamId}/alert-settings", tag: "Alerts", summary: "Change the team's alert settings", body: alertSettingsUpdateSchema, bodyRequired: true, responses: { 200: ok("The settings", alertSettingsSchema), ...bad, ...auth, ...roleNeeded("admin"), ...noTeam } },
  { method: "get", path: "/api/v1/teams/{teamId}/llm-endpoint", tag: "Job types", summary: "The team's model endpoint for llm jobs, or whether the operator's default applies", responses: { 200: ok("The endpoint (its key as a secret reference)", llmEndpointOutSchema), ...auth, ...noTeam } },
  { method: "put", path: "/api/v1/teams/{teamId}/llm-endpoint", tag: "Job types", summary: "Set the team's model endpoint for llm jobs (the key as a {{secrets.NAME}} reference to a team secret)", body: llmEndpointPutSchema, bodyRequired: true, responses: { 200: ok("The endpoint", llmEndpointOutSchema), ...bad, ...auth, ...roleNeeded("admin"), ...noTeam } },
  { method: "delete", path: "/api/v1/teams/{teamId}/llm-endpoint", tag: "Job types", summary: "Remove the team's model endpoint: llm jobs use the operator's (LLM_URL) again", responses: { 204: ok("Removed (or there was none)"), ...auth, ...roleNeeded("admin"), ...noTeam } },
  { method: "get", path: "/api/v1/teams/{teamId}/alerts", tag: "Alerts", summary: "The team's alerts with their deliveries, newest first", query: alertListQuerySchema, responses: { 200: ok("A page of alerts", pageOf(alertEventOutSchema)), ...bad, ...auth, ...noTeam } },
  { method: "get", path: "/api/v1/schedules/{id}/alerts", tag: "Alerts", summary: "A schedule's alerts with their deliveries, newest first", query: alertListQuerySchema, responses: { 200: ok("A page of alerts", pageOf(alertEventOutSchema)), ...bad, ...auth, ...notFound } },
  { method: "post", path: "/api/v1/invitations/accept", tag: "Teams", summary: "Join the team of an invitation", body: invitationAcceptSchema, bodyRequired: true, responses: { 200: ok("Joined", z.object({ teamId: z.string(), role: z.string() })), ...bad, ...auth, 403: ok("The invitation is for another email address", errorSchema), 404: ok("No such invitation", errorSchema), 409: ok("Already a member", errorSchema), 410: ok("Used, revoked or expired (the message says which)", errorSchema) } },

  { method: "get", path: "/api/v1/cron/describe", tag: "Cron", summary: "Validate an expression and preview its next runs", query: describeQuerySchema, responses: { 200: ok("Its meaning and next runs", describeOutSchema), ...bad, ...auth } },
  { method: "post", path: "/api/v1/cron/parse", tag: "Cron", summary: "Plain words to a schedule draft", body: parseBodySchema, bodyRequired: true, responses: { 200: ok("A draft", parseOutSchema), ...bad, ...auth } },
  { method: "get", path: "/api/v1/entrypoints", tag: "Job types", summary: "The job types a schedule can run", responses: { 200: ok("Job types with their payload JSON Schemas", z.object({ items: z.array(entrypoint) })), ...auth } },
  { method: "post", path: "/api/v1/assistant", tag: "Assistant", summary: "Send the @cron assistant a message (it may create, change, pause or delete schedules; deleting needs a \"yes\")", body: assistantMessageSchema, bodyRequired: true, responses: { 200: ok("Its reply and what it did", assistantReplySchema), ...bad, ...auth, 404: ok("No such conversation for this user", errorSchema), 429: ok("Too many messages from this account; see Retry-After", errorSchema) } },
  { method: "get", path: "/api/v1/assistant/conversations/{id}", tag: "Assistant", summary: "A conversation's messages", responses: { 200: ok("The conversation", assistantConversationSchema), ...auth, 404: ok("No such conversation for this user", errorSchema) } },

  // Heartbeat checks' pings (docs/heartbeats.md): outside /api, plain-text answers, the key the only credential.
  ...pingOperations(),

  { method: "get", path: "/api/v1/openapi.json", tag: "Meta", auth: false, summary: "This document", responses: { 200: ok("OpenAPI 3.1") } },
  { method: "get", path: "/api/health", tag: "Meta", auth: false, summary: "Liveness of the app, its database and workers", responses: { 200: ok("Healthy", z.object({ status: z.literal("ok"), database: z.literal("ok"), worker: z.object({ online: z.boolean(), lastSeenAt: z.iso.datetime().nullable() }) })), 503: ok("Database unreachable") } },
];

/** GET and POST /ping/{key} and /ping/{key}/{signal}. */
function pingOperations(): Operation[] {
  const text = (description: string): Response => ({ description, schema: z.string(), mediaType: "text/plain" });
  const responses = (notFound: string): Record<number, Response> => ({
    200: text("OK: the ping is recorded (a run at the slot it answers, or a run of its own)"),
    404: text(notFound),
    429: text("More than PINGS_PER_MINUTE pings to this key in a minute; see Retry-After"),
    500: text("The ping could not be recorded; ping again"),
    503: text("The database cannot be reached; see Retry-After"),
  });
  const rawBody = { mediaType: "text/plain", description: "Anything, e.g. the job's output: its first 10 KiB become the run's output, the rest is not read" };
  const success = "No heartbeat check has this key (or the key is not 22-64 characters of A-Z a-z 0-9 _ -)";
  const signal = `${success}; or the signal is none of start, fail, 0-255 (the message names it)`;
  return (["get", "post"] as const).flatMap((method): Operation[] => [
    { method, path: "/ping/{key}", operationId: `${method}Ping`, tag: "Heartbeats", auth: false, summary: "Ping a heartbeat check: the job succeeded", ...(method === "post" ? { rawBody } : {}), responses: responses(success) },
    {
      method,
      path: "/ping/{key}/{signal}",
      operationId: `${method}PingSignal`,
      tag: "Heartbeats",
      auth: false,
      summary: "Ping a heartbeat check with a signal: start (the job started; the next success or fail ping finishes it), fail, or the job's exit status 0-255 (0 succeeds)",
      ...(method === "post" ? { rawBody } : {}),
      responses: responses(signal),
    },
  ]);
}
