// The typed client the web UI uses for the REST API: one function per operation, typed by the same
// zod schemas the route handlers validate with (lib/validation/), so a field renamed on the server
// is a type error in the UI. Runs in the browser; errors are ApiRequestError (lib/api-fetch.ts).
import type { z } from "zod";
import type { assistantConversationSchema, assistantMessageSchema, assistantReplySchema } from "./assistant/validation";
import type { ChannelType } from "./alerts/channels/config";
import type { AlertType } from "./alerts/payload";
import type { AlertRules, AlertRulesInput } from "./alerts/rules";
import type { EntrypointInfo } from "./entrypoints/registry";
import type { AlertEventOut, AlertListQuery, alertSettingsSchema, ChannelCreate, channelCreatedSchema, ChannelOut, channelTestSchema, ChannelUpdate } from "./validation/alerts";
import type { describeOutSchema, parseOutSchema } from "./validation/cron";
import type { CrontabImportOut, CrontabImportRequest } from "./validation/crontab";
import type { LlmEndpointOut, LlmEndpointPut } from "./validation/llm-endpoint";
import type { OutputChunkOut, RunOutputEnd, RunOutputOut } from "./validation/run-output";
import type { SecretCreate, SecretOut } from "./validation/secrets";
import type { RunListQuery, RunOut, RunStatus, ScheduleCreateInput, ScheduleListOut, ScheduleListQuery, ScheduleOut } from "./validation/schedules";
import type { AuditAction, AuditEventOut } from "./teams/audit";
import type { InvitationCreated, InvitationOut } from "./teams/invitations";
import type { TeamRole } from "./teams/roles";
import type { MemberOut, TeamOut } from "./teams/teams";
import { apiFetch } from "./api-fetch";

export { ApiRequestError, errorMessage } from "./api-fetch";
export type { RunOut, RunStatus, ScheduleListOut, ScheduleOut } from "./validation/schedules";
export type { OutputChunkOut, RunOutputEnd, RunOutputOut };
export type { AuditAction, AuditEventOut, InvitationCreated, InvitationOut, MemberOut, TeamOut, TeamRole };
export type { AlertEventOut, AlertRules, AlertRulesInput, AlertType, ChannelOut, ChannelType };
export type { SecretOut };
export type { CrontabImportOut, CrontabImportRequest };
export type ChannelInput = ChannelCreate;
export type ChannelChanges = ChannelUpdate;
/** A new channel; a webhook's carries its signing secret, this once. */
export type ChannelCreated = z.infer<typeof channelCreatedSchema>;
export type ChannelTestResult = z.infer<typeof channelTestSchema>;
export type AlertSettings = z.infer<typeof alertSettingsSchema>;
export type AlertSettingsChanges = { defaults?: AlertRulesInput | null; workerAlerts?: boolean };
export type AlertDelivery = AlertEventOut["deliveries"][number];
export type { LlmEndpointOut, LlmEndpointPut };

export type Page<T> = { items: T[]; nextCursor: string | null };
export type CronDescription = z.infer<typeof describeOutSchema>;
export type ScheduleDraft = z.infer<typeof parseOutSchema>;
/** What the create and edit forms send: the create schema's input (defaults may be left out). */
export type ScheduleInput = ScheduleCreateInput;
export type ScheduleChanges = Partial<ScheduleCreateInput>;
export type { EntrypointInfo };
export type AssistantMessageInput = z.input<typeof assistantMessageSchema>;
export type AssistantReply = z.infer<typeof assistantReplySchema>;
export type AssistantAction = AssistantReply["actions"][number];
export type AssistantPendingConfirmation = NonNullable<AssistantReply["pendingConfirmation"]>;
export type AssistantConversation = z.infer<typeof assistantConversationSchema>;
export type AssistantChatMessage = AssistantConversation["messages"][number];

type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

const json = (method: string, body?: unknown, signal?: AbortSignal): RequestInit => ({ method, body: body === undefined ? undefined : JSON.stringify(body), signal });
const id = (value: string) => encodeURIComponent(value);

export const api = {
  schedules: {
    list: (query: Partial<Pick<ScheduleListQuery, "q" | "enabled" | "limit" | "cursor" | "teamId">> = {}, signal?: AbortSignal) =>
      apiFetch<ScheduleListOut>(withQuery("/api/v1/schedules", query), { signal }),
    get: (scheduleId: string, signal?: AbortSignal) => apiFetch<ScheduleOut>(`/api/v1/schedules/${id(scheduleId)}`, { signal }),
    create: (input: ScheduleInput) => apiFetch<ScheduleOut>("/api/v1/schedules", json("POST", input)),
    update: (scheduleId: string, changes: ScheduleChanges) => apiFetch<ScheduleOut>(`/api/v1/schedules/${id(scheduleId)}`, json("PATCH", changes)),
    delete: (scheduleId: string) => apiFetch<void>(`/api/v1/schedules/${id(scheduleId)}`, json("DELETE")),
    /** Sets isEnabled, or flips it when left out. */
    toggle: (scheduleId: string, isEnabled?: boolean) =>
      apiFetch<ScheduleOut>(`/api/v1/schedules/${id(scheduleId)}/toggle`, json("PATCH", isEnabled === undefined ? {} : { isEnabled })),
    /** Queues a manual run now; the worker starts it within about 2 s. */
    run: (scheduleId: string) => apiFetch<{ run: RunOut }>(`/api/v1/schedules/${id(scheduleId)}/run`, json("POST")),
    /** A heartbeat check's new ping URL; the old one stops working at once. */
    rotatePingKey: (scheduleId: string) => apiFetch<ScheduleOut>(`/api/v1/schedules/${id(scheduleId)}/ping-key`, json("POST")),
    /** A crontab's entries as shell schedules; with dryRun, only what they would be. */
    importCrontab: (input: CrontabImportRequest) => apiFetch<CrontabImportOut>("/api/v1/schedules/import/crontab", json("POST", input)),
    runs: (scheduleId: string, query: Partial<Pick<RunListQuery, "status" | "limit" | "cursor">> = {}, signal?: AbortSignal) =>
      apiFetch<Page<RunOut>>(withQuery(`/api/v1/schedules/${id(scheduleId)}/runs`, query), { signal }),
  },
  runs: {
    /** Recent runs across all of the user's schedules, newest first. */
    list: (query: { status?: RunStatus; limit?: number; cursor?: string; teamId?: string } = {}, signal?: AbortSignal) => apiFetch<Page<RunOut>>(withQuery("/api/v1/runs", query), { signal }),
    /** A page of a run's output: the chunks after `after`. */
    output: (runId: string, query: { after?: number; limit?: number } = {}, signal?: AbortSignal) => apiFetch<RunOutputOut>(withQuery(`/api/v1/runs/${id(runId)}/output`, query), { signal }),
    /** Where an EventSource follows a run's output live (`output` events, then `end`). */
    outputEventsUrl: (runId: string) => `/api/v1/runs/${id(runId)}/output`,
  },
  cron: {
    /** Validates an expression and previews its next runs; a 400 carries the validator's message. */
    describe: (expression: string, options: { timezone?: string; count?: number; after?: string } = {}, signal?: AbortSignal) =>
      apiFetch<CronDescription>(withQuery("/api/v1/cron/describe", { expression, ...options }), { signal }),
    /** Plain words ("every weekday at 9am", "@cron run nightly backup at midnight") to a schedule draft. */
    parse: (text: string, timezone?: string, signal?: AbortSignal) => apiFetch<ScheduleDraft>("/api/v1/cron/parse", json("POST", timezone ? { text, timezone } : { text }, signal)),
  },
  entrypoints: {
    list: (signal?: AbortSignal) => apiFetch<{ items: EntrypointInfo[] }>("/api/v1/entrypoints", { signal }),
  },
  assistant: {
    /** One message to @cron; leave out conversationId to start a conversation. A 400 names what is wrong with the message. */
    send: (message: string, conversationId?: string, signal?: AbortSignal, teamId?: string) => {
      const body: AssistantMessageInput = { message, ...(conversationId ? { conversationId } : {}), ...(teamId ? { teamId } : {}) };
      return apiFetch<AssistantReply>("/api/v1/assistant", json("POST", body, signal));
    },
    /** Its last 50 messages and any delete waiting for a "yes"; another user's or an unknown id is a 404. */
    conversation: (conversationId: string, signal?: AbortSignal) => apiFetch<AssistantConversation>(`/api/v1/assistant/conversations/${id(conversationId)}`, { signal }),
  },
  teams: {
    list: () => apiFetch<{ items: TeamOut[] }>("/api/v1/teams"),
    create: (name: string) => apiFetch<TeamOut>("/api/v1/teams", json("POST", { name })),
    rename: (teamId: string, name: string) => apiFetch<TeamOut>(`/api/v1/teams/${id(teamId)}`, json("PATCH", { name })),
    delete: (teamId: string) => apiFetch<void>(`/api/v1/teams/${id(teamId)}`, json("DELETE")),
    members: (teamId: string, signal?: AbortSignal) => apiFetch<{ items: MemberOut[] }>(`/api/v1/teams/${id(teamId)}/members`, { signal }),
    changeRole: (teamId: string, userId: string, role: TeamRole) => apiFetch<MemberOut>(`/api/v1/teams/${id(teamId)}/members/${id(userId)}`, json("PATCH", { role })),
    removeMember: (teamId: string, userId: string) => apiFetch<void>(`/api/v1/teams/${id(teamId)}/members/${id(userId)}`, json("DELETE")),
    invitations: (teamId: string, signal?: AbortSignal) => apiFetch<{ items: InvitationOut[] }>(`/api/v1/teams/${id(teamId)}/invitations`, { signal }),
    /** The token and link are in this answer only: show them now. */
    invite: (teamId: string, input: { email?: string; role: TeamRole }) => apiFetch<InvitationCreated>(`/api/v1/teams/${id(teamId)}/invitations`, json("POST", input)),
    revokeInvitation: (teamId: string, invitationId: string) => apiFetch<void>(`/api/v1/teams/${id(teamId)}/invitations/${id(invitationId)}`, json("DELETE")),
    /** The log newest first; action and targetId (a schedule's id) narrow it. */
    audit: (teamId: string, query: { action?: AuditAction; targetId?: string; limit?: number; cursor?: string } = {}, signal?: AbortSignal) =>
      apiFetch<Page<AuditEventOut>>(withQuery(`/api/v1/teams/${id(teamId)}/audit`, query), { signal }),
  },
  channels: {
    /** The team's alert channels, secrets masked (any member). */
    list: (teamId: string, signal?: AbortSignal) => apiFetch<{ items: ChannelOut[] }>(`/api/v1/teams/${id(teamId)}/channels`, { signal }),
    create: (teamId: string, input: ChannelInput) => apiFetch<ChannelCreated>(`/api/v1/teams/${id(teamId)}/channels`, json("POST", input)),
    /** A masked config value sent back unchanged keeps the saved one. */
    update: (teamId: string, channelId: string, changes: ChannelChanges) => apiFetch<ChannelOut>(`/api/v1/teams/${id(teamId)}/channels/${id(channelId)}`, json("PATCH", changes)),
    delete: (teamId: string, channelId: string) => apiFetch<void>(`/api/v1/teams/${id(teamId)}/channels/${id(channelId)}`, json("DELETE")),
    /** Sends a channel.test now; a 502 carries the receiver's answer as its message. */
    test: (teamId: string, channelId: string) => apiFetch<ChannelTestResult>(`/api/v1/teams/${id(teamId)}/channels/${id(channelId)}/test`, json("POST")),
    /** Webhooks only: a new signing secret, in this answer only; the old one stops working at once. */
    rotateSecret: (teamId: string, channelId: string) => apiFetch<{ secret: string }>(`/api/v1/teams/${id(teamId)}/channels/${id(channelId)}/rotate-secret`, json("POST")),
  },
  secrets: {
    /** The team's secrets: names, who set each and when; never a value (any member). */
    list: (teamId: string, signal?: AbortSignal) => apiFetch<{ items: SecretOut[] }>(`/api/v1/teams/${id(teamId)}/secrets`, { signal }),
    create: (teamId: string, input: SecretCreate) => apiFetch<SecretOut>(`/api/v1/teams/${id(teamId)}/secrets`, json("POST", input)),
    replace: (teamId: string, name: string, value: string) => apiFetch<SecretOut>(`/api/v1/teams/${id(teamId)}/secrets/${id(name)}`, json("PUT", { value })),
    /** A 409 while a schedule or the team's LLM endpoint uses it: the message lists them. */
    delete: (teamId: string, name: string) => apiFetch<void>(`/api/v1/teams/${id(teamId)}/secrets/${id(name)}`, json("DELETE")),
  },
  alerts: {
    settings: (teamId: string, signal?: AbortSignal) => apiFetch<AlertSettings>(`/api/v1/teams/${id(teamId)}/alert-settings`, { signal }),
    updateSettings: (teamId: string, changes: AlertSettingsChanges) => apiFetch<AlertSettings>(`/api/v1/teams/${id(teamId)}/alert-settings`, json("PATCH", changes)),
    /** A schedule's alerts, newest first, each with its deliveries. */
    forSchedule: (scheduleId: string, query: Partial<AlertListQuery> = {}, signal?: AbortSignal) =>
      apiFetch<Page<AlertEventOut>>(withQuery(`/api/v1/schedules/${id(scheduleId)}/alerts`, query), { signal }),
    /** Every alert of a team (its schedules', its workers', channel tests), newest first. */
    forTeam: (teamId: string, query: Partial<AlertListQuery> = {}, signal?: AbortSignal) =>
      apiFetch<Page<AlertEventOut>>(withQuery(`/api/v1/teams/${id(teamId)}/alerts`, query), { signal }),
  },
  llmEndpoint: {
    /** The team's model endpoint for llm jobs, or whether the operator's default applies (any member). */
    get: (teamId: string, signal?: AbortSignal) => apiFetch<LlmEndpointOut>(`/api/v1/teams/${id(teamId)}/llm-endpoint`, { signal }),
    /** Admins; apiKey is a {{secrets.NAME}} reference to an existing team secret. */
    put: (teamId: string, input: LlmEndpointPut) => apiFetch<LlmEndpointOut>(`/api/v1/teams/${id(teamId)}/llm-endpoint`, json("PUT", input)),
    /** Admins: back to the operator's default. */
    remove: (teamId: string) => apiFetch<void>(`/api/v1/teams/${id(teamId)}/llm-endpoint`, json("DELETE")),
  },
  invitations: {
    accept: (token: string) => apiFetch<{ teamId: string; role: TeamRole }>("/api/v1/invitations/accept", json("POST", { token })),
  },
  health: () => apiFetch<{ status: string; database: string; worker: { online: boolean; lastSeenAt: string | null } }>("/api/health"),
};

export type Api = typeof api;
