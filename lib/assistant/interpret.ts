// The offline interpreter: one message in, one reply out, with every change made through the
// tools (so through the API's validation and lib/schedules). Deterministic and model-free; the
// optional model path (llm.ts) falls back to it.
import { alertRulesSchema, type AlertRules } from "../alerts/rules";
import { ApiError, toApiError } from "../api/errors";
import { canonicalTimezone } from "../cron/timezone";
import { parseSchedule } from "../cron/parse-schedule";
import { validateCron } from "../cron/validate";
import { isSecretUrl } from "../entrypoints/url-secrets";
import { SCHEDULE_NAME_ORDER } from "../schedules/name-order";
import { requireRole } from "../teams/access";
import type { ScheduleOut } from "../validation/schedules";
import { alertsText, describeSchedule, EXAMPLES, formatInstant, HELP, listLine, type ChannelBrief } from "./format";
import { classify, clean, isPronoun, stripCreateLead, targetText, YES, type ListFilter } from "./intents";
import { indexNames, matchName, normalizeName, scoreNames, type NameIndex, type Named } from "./match";
import type { Action, AlertAsk, AssistantState, PendingConfirmation, Targeted, Turn } from "./state";
import { findSchedule, runTool, type ScheduleSummary, type ToolContext, type ToolName, type ToolOutcome } from "./tools";

const NOTHING_CHANGED = "Nothing was changed.";

class TurnBuilder {
  actions: Action[] = [];
  // The user's names, read once per message however many readings of it are looked up; a tool
  // call may change them, so it empties this.
  private names?: Promise<NameIndex<Named>>;
  constructor(
    readonly ctx: ToolContext,
    public state: AssistantState,
  ) {}

  ownNames(): Promise<NameIndex<Named>> {
    return (this.names ??= ownNames(this.ctx).then(indexNames));
  }

  async tool(name: ToolName, input: unknown, opts: { confirmed?: boolean } = {}): Promise<ToolOutcome> {
    this.names = undefined;
    const outcome = await runTool(this.ctx, name, input, opts);
    this.actions.push({ tool: name, input, result: outcome.ok ? outcome.result : { error: outcome.error } });
    if (outcome.ok && outcome.schedule) this.state = { ...this.state, lastScheduleId: outcome.schedule.id };
    return outcome;
  }

  done(reply: string, pendingConfirmation?: PendingConfirmation): Turn {
    const state: AssistantState = { ...this.state };
    if (pendingConfirmation) state.pending = pendingConfirmation;
    else delete state.pending;
    return { reply, actions: this.actions, state, ...(pendingConfirmation ? { pendingConfirmation } : {}) };
  }
}

async function ownNames(ctx: ToolContext): Promise<Named[]> {
  return ctx.db.schedule.findMany({ where: { teamId: { in: [...ctx.access.roles.keys()] } }, select: { id: true, name: true }, orderBy: SCHEDULE_NAME_ORDER });
}

/** A name as said, shortened for a reply: a long message is not echoed back whole. */
const clip = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}...` : s);

type Resolved = { kind: "one"; item: Named } | { kind: "many"; items: Named[] } | { kind: "none"; why: string };

async function resolve(b: TurnBuilder, target: string): Promise<Resolved> {
  const { ctx, state } = b;
  if (isPronoun(target)) {
    if (!state.lastScheduleId) return { kind: "none", why: `I don't know which schedule "${target}" means yet: name it, e.g. "pause nightly backup".` };
    const row = await ctx.db.schedule.findFirst({ where: { id: state.lastScheduleId, teamId: { in: [...ctx.access.roles.keys()] } }, select: { id: true, name: true } });
    if (!row) return { kind: "none", why: "The schedule we were talking about no longer exists." };
    return { kind: "one", item: row };
  }
  const names = await b.ownNames();
  const m = matchName(target, names);
  if (m.kind === "none") return { kind: "none", why: `You have no schedule called "${clip(target)}".${names.entries.length ? ' Say "list" to see yours.' : " You have no schedules yet."}` };
  return m;
}

// ---- acting on one schedule -------------------------------------------------------------------

/** A time alone ("2am") keeps the days of the schedule it moves; "every weekday at 9" replaces them. */
const DAY_WORDS =
  /\b(every|each|daily|day|days|weekly|week|weeks|weekdays?|weekends?|monthly|months?|yearly|annually|years?|hourly|hours?|minutes?|quarterly|mon(day)?s?|tue(s|sday)?s?|wed(nesday)?s?|thu(rs|rsday)?s?|fri(day)?s?|sat(urday)?s?|sun(day)?s?|jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|oct(ober)?|nov(ember)?|dec(ember)?|\d+(st|nd|rd|th))\b|\*/i;

const TIME_WORDS = /\d|\b(noon|midday|midnight|morning|afternoon|evening|night|nightly|hourly|hours?|minutes?|o'?clock)\b/i;

type Changes = { cronExpression?: string; timezone?: string };

function changesFor(spec: string, current: Pick<ScheduleOut, "cronExpression">): { ok: true; changes: Changes } | { ok: false; reason: string; suggestion?: string } {
  const text = spec
    .replace(/^(?:run|runs|running|fire|fires|go|be|happen)\s+/i, "")
    .replace(/\s+(?:instead|from now on|going forward|each time)$/i, "")
    .trim();
  const zoneOnly = text.replace(/^(?:the\s+)?(?:time ?zone|tz)\s+/i, "").replace(/\s+(?:time|time ?zone)$/i, "");
  const zone = /^[A-Za-z_]+(?:\/[A-Za-z_+-]+)+$|^(?:utc|gmt)$/i.test(zoneOnly) ? canonicalTimezone(zoneOnly) : null;
  if (zone) return { ok: true, changes: { timezone: zone } };
  const parsed = parseSchedule(text);
  if (!parsed.ok) return { ok: false, reason: parsed.reason, ...(parsed.suggestion ? { suggestion: parsed.suggestion } : {}) };
  if (parsed.name) return { ok: false, reason: `not understood: "${parsed.name}"`, suggestion: 'a schedule such as "2am" or "every weekday at 9"' };
  let expression = parsed.cronExpression;
  const [min, hour, dom, month, dow] = expression.split(" ");
  const old = current.cronExpression.split(" ");
  // "every day" alone keeps the time of day (cron's default would be midnight)
  if (min === "0" && hour === "0" && !TIME_WORDS.test(text) && old.length === 5 && !/[*/-]/.test(old[0] + old[1])) {
    const kept = validateCron(`${old[0]} ${old[1]} ${dom} ${month} ${dow}`);
    if (kept.ok) return { ok: true, changes: { cronExpression: kept.normalized, ...(parsed.timezone ? { timezone: parsed.timezone } : {}) } };
  }
  if (dom === "*" && month === "*" && dow === "*" && !DAY_WORDS.test(text) && old.length === 5 && !/[*/,-]/.test(min + hour)) {
    const merged = `${min} ${hour} ${old[2]} ${old[3]} ${old[4]}`;
    const valid = validateCron(merged);
    if (valid.ok) expression = valid.normalized;
  }
  return { ok: true, changes: { cronExpression: expression, ...(parsed.timezone ? { timezone: parsed.timezone } : {}) } };
}

function refusal(prefix: string, error: { code: string; message: string }): string {
  return `${prefix}: ${error.message}. ${NOTHING_CHANGED}`;
}

async function act(b: TurnBuilder, action: Targeted, item: Named): Promise<Turn> {
  const { ctx } = b;
  b.state = { ...b.state, lastScheduleId: item.id };
  delete b.state.choice;
  const current = await findSchedule(ctx, item.id);
  switch (action.kind) {
    case "pause":
    case "resume": {
      const enable = action.kind === "resume";
      if (current.isEnabled === enable) return b.done(`"${current.name}" is already ${enable ? "active" : "paused"}. ${describeSchedule(current, ctx.now)}`);
      const out = await b.tool("toggle_scheduled_task", { scheduleId: current.id, isEnabled: enable });
      if (!out.ok) return b.done(refusal(`I could not ${action.kind} "${current.name}"`, out.error));
      return b.done(`${enable ? "Resumed" : "Paused"} ${describeSchedule(out.schedule!, ctx.now, { quietPause: true })}${enable ? "" : ' Say "resume it" to turn it back on.'}`);
    }
    case "delete": {
      const out = await b.tool("delete_scheduled_task", { scheduleId: current.id });
      if (!out.ok) return b.done(refusal(`I could not delete "${current.name}"`, out.error));
      return b.done(...confirmDelete(current, ctx.now));
    }
    case "describe": {
      const out = await b.tool("describe_scheduled_task", { scheduleId: current.id, count: 3 });
      if (!out.ok) return b.done(refusal(`I could not read "${current.name}"`, out.error));
      const runs = (out.result as { nextRuns: string[] }).nextRuns;
      const more = runs.length > 1 ? ` The runs after that: ${runs.slice(1).map((r) => formatInstant(r, current.timezone)).join("; ")} (${current.timezone}).` : "";
      return b.done(`${describeSchedule(current, ctx.now)}${more}`);
    }
    case "change": {
      const read = changesFor(action.spec, current);
      if (!read.ok) return b.done(`I could not read "${action.spec}" as a schedule: ${read.reason}.${read.suggestion ? ` Try ${read.suggestion}.` : ""} ${NOTHING_CHANGED}`);
      const out = await b.tool("update_scheduled_task", { scheduleId: current.id, ...read.changes });
      if (!out.ok) return b.done(refusal(`I could not change "${current.name}"`, out.error));
      return b.done(`Changed ${describeSchedule(out.schedule!, ctx.now)} (It was: ${current.cronHuman}.)`);
    }
    case "rename": {
      const out = await b.tool("update_scheduled_task", { scheduleId: current.id, name: action.newName });
      if (!out.ok) {
        if (out.error.code === "conflict") return b.done(`You already have a schedule called "${action.newName}". ${NOTHING_CHANGED}`);
        return b.done(refusal(`I could not rename "${current.name}"`, out.error));
      }
      return b.done(`Renamed "${current.name}" to ${describeSchedule(out.schedule!, ctx.now)}`);
    }
    case "alerts":
      return setAlerts(b, current, action.ask);
  }
}

// ---- alerts -----------------------------------------------------------------------------------

/** "ops", "#ops", "OPS" name the channel "ops". */
const channelKey = (s: string) => normalizeName(s.replace(/^#/, ""));

const sameRules = (a: AlertRules, b: AlertRules | null) =>
  b !== null &&
  [...a.channelIds].sort().join() === [...b.channelIds].sort().join() &&
  a.afterConsecutiveFailures === b.afterConsecutiveFailures &&
  a.onRecovery === b.onRecovery &&
  a.onMissed === b.onMissed &&
  (a.runLongerThanSeconds ?? null) === (b.runLongerThanSeconds ?? null) &&
  (a.remindEveryMinutes ?? null) === (b.remindEveryMinutes ?? null);

/** "Alerts: ops (webhook) when ... ." or "Alerts: off.", for the facts after a model's reply. */
export async function alertsFact(ctx: ToolContext, s: ScheduleOut): Promise<string> {
  if (!s.alerts) return "Alerts: off.";
  const channels = await ctx.db.alertChannel.findMany({ where: { teamId: s.teamId, id: { in: s.alerts.channelIds } }, select: { id: true, name: true, type: true } });
  return `Alerts: ${alertsText(s.name, s.alerts, channels)}.`;
}

/**
 * Sets (merging into the rules it has) or turns off a schedule's alerts. The channels: those
 * named, which must be of the schedule's team; else the schedule's own; else the team's only one.
 * When that does not settle it (several channels, or none) it asks, and changes nothing.
 */
async function setAlerts(b: TurnBuilder, current: ScheduleOut, ask: AlertAsk): Promise<Turn> {
  const { ctx } = b;
  const cannot = `I could not change the alerts of "${current.name}"`;
  try {
    // A viewer gets the API's own 403 before anything is looked up or asked.
    requireRole(ctx.access, current.teamId, "editor", "No such schedule");
  } catch (err) {
    if (err instanceof ApiError) return b.done(refusal(cannot, toApiError(err)));
    throw err;
  }
  if (ask.off) {
    if (!current.alerts) return b.done(`"${current.name}" has no alerts. ${NOTHING_CHANGED}`);
    const out = await b.tool("update_scheduled_task", { scheduleId: current.id, alerts: null });
    if (!out.ok) return b.done(refusal(cannot, out.error));
    return b.done(`Turned off the alerts of "${current.name}": nothing is sent about it any more. Say e.g. "alert me when ${current.name} fails" to turn them back on.`);
  }
  const listed = await b.tool("list_alert_channels", { scheduleId: current.id });
  if (!listed.ok) return b.done(refusal(cannot, listed.error));
  const channels = (listed.result as { items: ChannelBrief[] }).items;
  const all = channels.map((c) => `${c.name} (${c.type})`).join(", ");
  if (channels.length === 0) {
    return b.done(`The team of "${current.name}" has no alert channels yet, so there is nowhere to send its alerts: an admin must add one in Team settings → Channels first. ${NOTHING_CHANGED}`);
  }
  let channelIds: string[];
  if (ask.channels?.length) {
    channelIds = [];
    for (const said of ask.channels) {
      const hit = channels.find((c) => c.name.toLowerCase() === said.toLowerCase()) ?? channels.find((c) => channelKey(c.name) === channelKey(said));
      if (!hit) return b.done(`The team of "${current.name}" has no channel called "${clip(said)}". Its channels: ${all}. ${NOTHING_CHANGED}`);
      if (!channelIds.includes(hit.id)) channelIds.push(hit.id);
    }
  } else {
    const kept = (current.alerts?.channelIds ?? []).filter((id) => channels.some((c) => c.id === id));
    if (kept.length) channelIds = kept;
    else if (channels.length === 1) channelIds = [channels[0].id];
    else {
      return b.done(
        `Which channel should the alerts of "${current.name}" go to? Its team has ${channels.length}: ${all}. Say it again with the channel, e.g. "notify ${channels[0].name} when ${current.name} fails". ${NOTHING_CHANGED}`,
      );
    }
  }
  const base = current.alerts ?? alertRulesSchema.parse({});
  const rules: AlertRules = {
    ...base,
    channelIds,
    ...(ask.afterFailures !== undefined ? { afterConsecutiveFailures: ask.afterFailures } : {}),
    ...(ask.runLongerThanSeconds !== undefined ? { runLongerThanSeconds: ask.runLongerThanSeconds } : {}),
    ...(ask.remindEveryMinutes !== undefined ? { remindEveryMinutes: ask.remindEveryMinutes } : {}),
    ...(ask.onMissed ? { onMissed: true } : {}),
    ...(ask.onRecovery ? { onRecovery: true } : {}),
  };
  const said = alertsText(current.name, rules, channels);
  if (sameRules(rules, current.alerts)) return b.done(`Already set: I'll alert ${said}. ${NOTHING_CHANGED}`);
  const out = await b.tool("update_scheduled_task", { scheduleId: current.id, alerts: rules });
  if (!out.ok) return b.done(refusal(cannot, out.error));
  const before = current.alerts ? `alerts to ${alertsText(current.name, current.alerts, channels)}` : "no alerts";
  return b.done(`I'll alert ${said}. (Before: ${before}.)`);
}

export function confirmDelete(s: ScheduleOut, now: Date): [string, PendingConfirmation] {
  const prompt = `Delete ${describeSchedule(s, now)} This cannot be undone: reply "yes" to delete it; anything else cancels.`;
  return [prompt, { tool: "delete_scheduled_task", scheduleId: s.id, scheduleName: s.name, prompt }];
}

async function askWhich(b: TurnBuilder, action: Targeted, items: Named[], target: string): Promise<Turn> {
  b.state = { ...b.state, choice: { action, candidates: items.map(({ id, name }) => ({ id, name })) } };
  const full = await Promise.all(items.map((s) => findSchedule(b.ctx, s.id)));
  const lines = full.map((s, i) => listLine(s, i, b.ctx.now)).join("\n");
  return b.done(`More than one schedule fits "${target}". Which one do you mean?\n${lines}\nAnswer with the name or the number. ${NOTHING_CHANGED}`);
}

async function targeted(b: TurnBuilder, action: Targeted, target: string, fallbackText?: string): Promise<Turn> {
  const r = await resolve(b, target);
  if (r.kind === "one") return act(b, action, r.item);
  // "pause weekly report and nightly backup": a few named schedules, each named exactly enough
  const parts = target.split(/\s*(?:,|&|\band\b)\s*/i).filter(Boolean);
  if (parts.length > 1 && parts.length <= 5) {
    const each = await Promise.all(parts.map((p) => resolve(b, targetText(p))));
    if (each.every((e) => e.kind === "one")) {
      if (action.kind === "delete") return b.done(`I delete one schedule at a time, after you confirm: say e.g. "delete ${(each[0] as { item: Named }).item.name}". ${NOTHING_CHANGED}`);
      if (action.kind === "pause" || action.kind === "resume" || action.kind === "describe") {
        const replies: string[] = [];
        for (const e of each) replies.push((await act(b, action, (e as { item: Named }).item)).reply);
        return b.done(replies.join("\n"));
      }
    }
  }
  // "start backups every day at 3am": no such schedule, but the whole message is a new one
  if (fallbackText && r.kind === "none" && !isPronoun(target)) {
    const parsed = parseSchedule(stripCreateLead(fallbackText));
    if (parsed.ok && parsed.name) return create(b, fallbackText);
  }
  if (r.kind === "many") return askWhich(b, action, r.items, target);
  return b.done(`${r.why} ${NOTHING_CHANGED}`);
}

// ---- new schedules ----------------------------------------------------------------------------

const URL_RE = /\bhttps?:\/\/[^\s"'<>`]+/i;
const URL_WORDS = new Set(["call", "ping", "hit", "fetch", "request", "post", "get", "put", "to", "the", "url", "webhook", "hook", "endpoint", "a", "an", "send", "on", "it", "and", "trigger"]);

async function create(b: TurnBuilder, text: string): Promise<Turn> {
  const { ctx } = b;
  const urlMatch = URL_RE.exec(text);
  const url = urlMatch ? urlMatch[0].replace(/[.,;:!?)\]]+$/, "") : undefined;
  let rest = url ? text.replace(urlMatch![0], " webhook ") : text;
  let method: string | undefined;
  if (url) {
    const m = /\b(GET|POST|PUT|PATCH|DELETE|HEAD)\s+webhook\b/i.exec(rest);
    if (m) method = m[1].toUpperCase();
  }
  rest = stripCreateLead(rest.replace(/\s+/g, " ").trim());
  const parsed = parseSchedule(rest);
  if (!parsed.ok) {
    return b.done(`I could not read a schedule in that: ${parsed.reason}.${parsed.suggestion ? ` Try ${parsed.suggestion}.` : ""} ${NOTHING_CHANGED}`);
  }
  let name = parsed.name;
  if (url) {
    const target = new URL(url);
    // A webhook's path is often its key (a Slack or Discord hook): such a schedule is named after its host alone.
    const short = `${target.host}${target.pathname === "/" || isSecretUrl(url) ? "" : target.pathname}`;
    const words = (name ?? "").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
    // "call <url>" is named after the URL; "health check <url>" keeps its own name
    name = words.every((w) => URL_WORDS.has(w)) ? `call ${short}` : name!.replace(/\s*\bwebhook\b\s*/i, " ").replace(/\s+/g, " ").trim();
  }
  if (!name) {
    return b.done(`That reads as "${parsed.cronExpression}" (${parsed.timezone ?? "UTC"}), but what should the schedule be called? Say it with a name, e.g. "nightly backup ${rest}". ${NOTHING_CHANGED}`);
  }
  const input = {
    name,
    cronExpression: parsed.cronExpression,
    timezone: parsed.timezone ?? "UTC",
    entrypoint: url ? "http" : "log",
    payload: url ? { url, ...(method ? { method } : {}) } : { message: name },
  };
  const out = await b.tool("create_scheduled_task", input);
  if (!out.ok) {
    if (out.error.code === "conflict" && /already exists/.test(out.error.message)) {
      const existing = await findSchedule(ctx, name).catch(() => null);
      if (existing) b.state = { ...b.state, lastScheduleId: existing.id };
      const which = existing ? describeSchedule(existing, ctx.now) : `"${name}".`;
      return b.done(`You already have a schedule called ${which} ${NOTHING_CHANGED} Pick another name, or change that one, e.g. "move ${name} to 2am".`);
    }
    return b.done(refusal(`I could not create "${name}"`, out.error));
  }
  const job = url ? "" : " It logs a message each run.";
  return b.done(`Created ${describeSchedule(out.schedule!, ctx.now, { defaultedZone: !parsed.timezone })}${job}`);
}

// ---- lists ------------------------------------------------------------------------------------

async function list(b: TurnBuilder, filter: ListFilter): Promise<Turn> {
  const out = await b.tool("list_scheduled_tasks", filter);
  if (!out.ok) return b.done(refusal("I could not list your schedules", out.error));
  const { items, truncated } = out.result as { items: ScheduleSummary[]; truncated: boolean };
  const what = [filter.enabled === false ? "paused" : filter.enabled ? "active" : "", "schedules"].filter(Boolean).join(" ");
  const DAY_NAMES = ["Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays"];
  const where = filter.firesOnWeekends ? " that run on weekends" : filter.firesOnDays ? ` that run on ${filter.firesOnDays.map((d) => DAY_NAMES[d]).join(" or ")}` : "";
  if (items.length === 0) {
    const filtered = filter.enabled !== undefined || filter.firesOnWeekends !== undefined || filter.firesOnDays !== undefined;
    return b.done(filtered ? `You have no ${what}${where}. Say "list" to see all of them.` : `You have no schedules yet. Try ${EXAMPLES[0]}.`);
  }
  const lines = items.slice(0, 50).map((s, i) => listLine(s, i, b.ctx.now)).join("\n");
  const count = `${items.length} ${items.length === 1 ? what.replace(/s$/, "") : what}${items.length === 1 ? where.replace(" that run ", " that runs ") : where}`;
  const tail = items.length > 50 || truncated ? "\n(Only the first 50 are shown.)" : "";
  return b.done(`You have ${count}:\n${lines}${tail}`);
}

// ---- the turn ---------------------------------------------------------------------------------

const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, last: -1 };

function pickChoice(text: string, candidates: Named[]): Named | undefined {
  const t = clean(text).toLowerCase().replace(/^(the|number|no\.?|#|option)\s*/, "").replace(/\s+one$/, "").trim();
  const n = /^#?(\d+)\.?$/.exec(t);
  if (n) return candidates[Number(n[1]) - 1];
  if (Object.hasOwn(ORDINALS, t)) return ORDINALS[t] === -1 ? candidates[candidates.length - 1] : candidates[ORDINALS[t] - 1];
  const m = matchName(targetText(t), candidates);
  return m.kind === "one" ? m.item : undefined;
}

export async function interpret(ctx: ToolContext, message: string, state: AssistantState): Promise<Turn> {
  const b = new TurnBuilder(ctx, { ...state });

  // A delete waiting for its "yes": only a yes deletes, and anything else cancels it.
  if (state.pending) {
    const pending = state.pending;
    delete b.state.pending;
    if (YES.test(clean(message))) {
      const out = await b.tool("delete_scheduled_task", { scheduleId: pending.scheduleId }, { confirmed: true });
      if (!out.ok) return b.done(out.error.code === "not_found" ? `"${pending.scheduleName}" no longer exists. ${NOTHING_CHANGED}` : refusal(`I could not delete "${pending.scheduleName}"`, out.error));
      delete b.state.lastScheduleId;
      return b.done(`Deleted "${pending.scheduleName}". Workers stop running it at their next sync.`);
    }
    return b.done(`Cancelled: "${pending.scheduleName}" was not deleted. ${NOTHING_CHANGED}`);
  }

  // "Which one?" answered with a number or a name
  if (state.choice) {
    const choice = state.choice;
    delete b.state.choice;
    const picked = pickChoice(message, choice.candidates);
    if (picked) {
      const still = await ctx.db.schedule.findFirst({ where: { id: picked.id, teamId: { in: [...ctx.access.roles.keys()] } }, select: { id: true, name: true } });
      if (still) return act(b, choice.action, still);
    }
  }

  const intent = classify(message);
  switch (intent.kind) {
    case "empty":
      return b.done(`Say what you would like to do. ${HELP}`);
    case "help":
      return b.done(HELP);
    case "unknown":
      return b.done(`Sorry, I did not understand that. ${NOTHING_CHANGED}\n${HELP}`);
    case "refuse":
      return b.done(
        intent.why === "bulk"
          ? `I won't do that: I change one named schedule at a time, and delete only after you confirm. ${NOTHING_CHANGED} To delete one, say e.g. "delete nightly backup".`
          : `I can't follow that: I only manage your own schedules, one named schedule at a time, and deleting always needs your confirmation. ${NOTHING_CHANGED}`,
      );
    case "yes":
      return b.done(`There is nothing waiting for a yes. ${NOTHING_CHANGED}`);
    case "no":
      return b.done(`OK. ${NOTHING_CHANGED}`);
    case "list":
      return list(b, intent.filter);
    case "targeted":
      return targeted(b, intent.action, intent.target, clean(message));
    case "alerts":
      return targeted(b, { kind: "alerts", ask: intent.ask }, intent.target);
    case "change": {
      // The first split whose left side names a schedule and whose right side reads as a schedule
      let best: { target: string; spec: string; r: Resolved } | undefined;
      for (const split of intent.splits) {
        const r = await resolve(b, split.target);
        if (r.kind === "none") continue;
        best ??= { ...split, r };
        if (r.kind === "one" && (changesFor(split.spec, { cronExpression: "0 0 * * *" }).ok)) {
          best = { ...split, r };
          break;
        }
      }
      if (!best) {
        const parsed = parseSchedule(stripCreateLead(clean(message)));
        if (parsed.ok && parsed.name && !/^(move|change|reschedule|update|shift|modify|edit|switch|push|adjust)\b/i.test(clean(message))) return create(b, clean(message));
        const r = await resolve(b, intent.splits[0].target);
        return b.done(`${r.kind === "none" ? r.why : "I could not tell which schedule to change."} ${NOTHING_CHANGED}`);
      }
      const action: Targeted = { kind: "change", spec: best.spec };
      if (best.r.kind === "many") return askWhich(b, action, best.r.items, best.target);
      return act(b, action, (best.r as { item: Named }).item);
    }
    case "create": {
      // a schedule's name alone ("Nightly Backup") tells about it, though it might read as a schedule
      const named = scoreNames(intent.text, await b.ownNames()).filter((s) => s.score >= 90);
      if (named.length === 1) return act(b, { kind: "describe" }, named[0].item);
      const parsed = parseSchedule(stripCreateLead(intent.text.replace(URL_RE, " webhook ")));
      if (!parsed.ok && !intent.explicit) {
        return b.done(`Sorry, I did not understand that. ${NOTHING_CHANGED}\n${HELP}`);
      }
      return create(b, intent.text);
    }
  }
}
