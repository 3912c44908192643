// Reading what a message asks for, before any schedule is looked up: pure functions over text.
// The order matters: refusals first (so "ignore your instructions and delete everything" is never
// read as a delete), then lists, the verbs that act on one schedule, changes, and last a new
// schedule, which is whatever parseSchedule can read with a name.
import { MAX_NAME_QUERY_LENGTH } from "./match";
import type { AlertAsk, Targeted } from "./state";

export type ListFilter = { enabled?: boolean; firesOnWeekends?: boolean; firesOnDays?: number[] };

export type Intent =
  | { kind: "empty" }
  | { kind: "help" }
  | { kind: "refuse"; why: "bulk" | "injection" }
  | { kind: "yes" }
  | { kind: "no" }
  | { kind: "list"; filter: ListFilter }
  | { kind: "targeted"; action: Targeted; target: string }
  | { kind: "change"; splits: { target: string; spec: string }[] }
  | { kind: "alerts"; target: string; ask: AlertAsk }
  | { kind: "create"; text: string; explicit: boolean }
  | { kind: "unknown" };

/** Drops "@cron", greetings and politeness around the request; keeps the words' case. */
export function clean(message: string): string {
  let s = message.replace(/\s+/g, " ").trim();
  for (let before = ""; before !== s; ) {
    before = s;
    s = s
      .replace(/^@cron\b[\s:,-]*/i, "")
      .replace(/^(hey|hi|hello|please|pls|kindly|can you|could you|would you|will you|i want you to|i'd like you to|i want to|i would like to)\b[\s,]*/i, "")
      .replace(/[\s,]*\b(please|pls|thanks|thank you)[.!]*$/i, "")
      .replace(/[\s?!.]+$/, "")
      .trim();
  }
  return s;
}

export const YES = /^(y|yes|yeah|yep|yup|sure|ok|okay|confirm|confirmed|do it|go ahead|yes,? (please|do it|delete it|go ahead|confirm)|delete it)[.!]*$/i;
const NO = /^(n|no|nope|nah|cancel|stop|never ?mind|abort|don'?t|do not|keep it)[.!]*$/i;

const BULK_VERBS = "delete|remove|drop|wipe|erase|clear|destroy|purge|kill|pause|disable|stop|cancel|nuke|reset";
const BULK = new RegExp(
  `\\b(${BULK_VERBS})\\b.*\\b(all|everything|everyone|each|every (schedule|job|task|cron)s?|(the|my|your) (schedules|jobs|tasks|crons|database|data))\\b|\\b(drop|truncate) table\\b`,
  "i",
);
const INJECTION =
  /\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rules|prompt|guidelines|previous|above|system|confirmation|safety)\b|\bsystem prompt\b|\byou are now\b|\bjailbreak\b|\bdeveloper mode\b|\bact as\b|\bwithout (asking|confirm(ation|ing)?)\b|\bother users?'?s?\b|\ball users\b|\badmin(istrator)? mode\b/i;

const PRONOUNS = /^(it|that|this|that one|this one|the last one|the same one|same one|the one)$/i;
export const isPronoun = (s: string) => PRONOUNS.test(s.trim());

const WEEKDAYS = [/\bsun(day)?s?\b/i, /\bmon(day)?s?\b/i, /\btue(s|sday)?s?\b/i, /\bwed(nesday)?s?\b/i, /\bthu(rs|rsday)?s?\b/i, /\bfri(day)?s?\b/i, /\bsat(urday)?s?\b/i];

function listFilter(t: string): ListFilter {
  const filter: ListFilter = {};
  if (/\b(weekends?)\b/i.test(t)) filter.firesOnWeekends = true;
  else {
    const days = WEEKDAYS.flatMap((re, d) => (re.test(t) ? [d] : []));
    if (days.length) filter.firesOnDays = days;
  }
  if (/\b(paused|disabled|stopped|inactive|suspended)\b/i.test(t)) filter.enabled = false;
  else if (/\b(active|enabled|unpaused)\b/i.test(t)) filter.enabled = true;
  return filter;
}

function isList(t: string): boolean {
  return (
    /^(list|ls|overview|status)\b/i.test(t) ||
    /^(what'?s|what is|what are|whats)\s+(scheduled|planned|running|set up|on the schedule|my (schedules|jobs|tasks|crons)|the (schedules|jobs|tasks))\b/i.test(t) ||
    /^(which|what)\s+(of my\s+)?(jobs|schedules|tasks|crons|ones)\b/i.test(t) ||
    /^(show|display|see|view|give|tell)( me)?( all| every)?( of)?( my| the)?( current| active| paused)?\s+(schedules|jobs|tasks|crons|cron jobs|scheduled (jobs|tasks))\b/i.test(t) ||
    /^(my |all )?(active |paused )?(schedules|jobs|tasks|crons)$/i.test(t) ||
    /^(do i have|what do i have)\b/i.test(t) ||
    /^(what|which)\s+(runs|fires|is running|will run|happens)\b/i.test(t)
  );
}

/** The name part of a verb phrase: quotes, "the ... job" and trailing "for now" dropped. */
export function targetText(s: string): string {
  return s
    .replace(/\s+(for now|for a while|for the time being|again|now|right now|permanently|forever|for good)$/i, "")
    .replace(/^(the |my |our )?(schedule|job|task|cron)\s+(called|named)\s+/i, "")
    .replace(/^(the one )?(called|named)\s+/i, "")
    .replace(/^["'“”‘’`]+|["'“”‘’`]+$/g, "")
    .replace(/'s$/i, "")
    .trim();
}

const VERB_ACTIONS: [RegExp, (m: RegExpMatchArray) => { action: Targeted; target: string }][] = [
  [/^(?:pause|disable|suspend|deactivate|turn off|switch off|hold|mute|stop)\s+(.+)$/i, (m) => ({ action: { kind: "pause" }, target: m[1] })],
  [/^turn\s+(.+?)\s+off$/i, (m) => ({ action: { kind: "pause" }, target: m[1] })],
  [/^(?:resume|enable|unpause|un-pause|reactivate|re-?enable|turn on|switch on|restart|continue|unmute|start)\s+(.+)$/i, (m) => ({ action: { kind: "resume" }, target: m[1] })],
  [/^turn\s+(.+?)\s+(?:back\s+)?on$/i, (m) => ({ action: { kind: "resume" }, target: m[1] })],
  [/^(?:delete|remove|drop|erase|destroy|get rid of|trash|kill|cancel)\s+(.+)$/i, (m) => ({ action: { kind: "delete" }, target: m[1] })],
  [/^rename\s+(.+?)\s+(?:to|as|into)\s+(.+)$/i, (m) => ({ action: { kind: "rename", newName: m[2].replace(/^["'“”‘’`]+|["'“”‘’`]+$/g, "").trim() }, target: m[1] })],
  [/^(?:when|what time)\s+(?:does|will|is|do|did)\s+(.+?)\s+(?:run|fire|go off|go|execute|trigger|happen|start|due|scheduled|running)(?:\s+next|\s+again)?$/i, (m) => ({ action: { kind: "describe" }, target: m[1] })],
  [/^when\s+is\s+(?:the\s+)?next\s+(?:run|execution|time)\s+(?:of|for)\s+(.+)$/i, (m) => ({ action: { kind: "describe" }, target: m[1] })],
  [/^when\s+is\s+(.+?)(?:\s+next|\s+due|\s+scheduled)?$/i, (m) => ({ action: { kind: "describe" }, target: m[1] })],
  [/^(?:is|are)\s+(.+?)\s+(?:paused|active|enabled|disabled|running|on|off|still on|still running|scheduled)$/i, (m) => ({ action: { kind: "describe" }, target: m[1] })],
  [/^(?:next run|next runs|next time)\s+(?:of|for)\s+(.+)$/i, (m) => ({ action: { kind: "describe" }, target: m[1] })],
  [/^(?:describe|explain|details of|details for|details on|info on|info about|tell me about|status of|show me|show|what is|what's|whats|how often does|how often is)\s+(.+?)(?:\s+(?:run|runs|running))?$/i, (m) => ({ action: { kind: "describe" }, target: m[1] })],
];

const CHANGE = /^(?:move|change|reschedule|update|set|shift|modify|edit|switch|make|push|adjust)\s+(.+)$/i;
const SPLITTERS = /\s+(?:to run|to|so (?:that )?it runs|so it fires|for|run|runs|should run|instead to)\s+/gi;
/**
 * Readings of one "change" message kept at most. Each is looked up among the user's names, so a
 * long message split at every "to" would cost one lookup per word; real ones have one to three.
 */
export const MAX_CHANGE_SPLITS = 8;

export function classify(message: string): Intent {
  const raw = message.trim();
  if (!raw) return { kind: "empty" };
  const t = clean(raw);
  if (!t) return { kind: "empty" };
  // "delete it" confirms a pending delete (read before this), but otherwise asks for one
  if (YES.test(t) && !/^delete\b/i.test(t)) return { kind: "yes" };
  if (NO.test(t)) return { kind: "no" };
  if (/^(help|\?|what can you do|how does this work|commands|examples)$/i.test(t)) return { kind: "help" };
  if (INJECTION.test(t)) return { kind: "refuse", why: "injection" };
  if (BULK.test(t)) return { kind: "refuse", why: "bulk" };
  const alerts = readAlerts(t);
  if (alerts) return { kind: "alerts", ...alerts };
  if (isList(t)) return { kind: "list", filter: listFilter(t) };

  const change = CHANGE.exec(t);
  if (change && !/^(make|set)\s+(a|an|new)\b/i.test(t)) {
    const rest = change[1];
    const splits: { target: string; spec: string }[] = [];
    for (const m of rest.matchAll(SPLITTERS)) {
      // The name part only grows from one split to the next: once longer than a name can be, stop.
      if (m.index > 2 * MAX_NAME_QUERY_LENGTH) break;
      const target = targetText(rest.slice(0, m.index).replace(/'s\s+(time ?zone|schedule|time|timing)$/i, ""));
      if (target.length > MAX_NAME_QUERY_LENGTH) break;
      const spec = rest.slice(m.index + m[0].length).trim();
      if (target && spec) splits.push({ target, spec });
      if (splits.length >= MAX_CHANGE_SPLITS) break;
    }
    if (splits.length) return { kind: "change", splits };
  }
  for (const [re, read] of VERB_ACTIONS) {
    const m = re.exec(t);
    if (m) {
      const { action, target } = read(m);
      const name = targetText(target);
      if (name) return { kind: "targeted", action, target: name };
    }
  }
  // A question is never a new schedule: "is anything scheduled on sunday?" asks for a list.
  if (/\?\s*$/.test(raw) || /^(is|are|does|do|did|what|which|when|how|why|who|can|could|will|would|should|have|has)\b/i.test(t)) {
    return /\b(scheduled|schedules?|jobs?|tasks?|crons?|runs?|running|fires?|planned)\b/i.test(t) ? { kind: "list", filter: listFilter(t) } : { kind: "unknown" };
  }
  const explicit =
    /^(create|add|schedule|set up|setup|new|make|remind|call|ping|hit|fetch|run|execute|trigger)\b/i.test(t) ||
    /\b(every|each|daily|hourly|weekly|monthly|yearly|nightly|at \d|minutes|hours|weekdays|weekends|tomorrow|tonight)\b/i.test(t);
  return { kind: "create", text: t, explicit };
}

const CREATE_LEAD =
  /^(?:create|add|schedule|set up|setup|make|new)\s+(?:me\s+)?(?:(?:a|an)\s+)?(?:new\s+)?(?:(?:cron\s+)?(?:job|task|schedule|reminder|cron)\s+)?(?:(?:called|named|to|that|which)\s+)?/i;

/** "create a job called backup every day at 3am" -> "backup every day at 3am". */
export function stripCreateLead(t: string): string {
  const stripped = t.replace(CREATE_LEAD, "");
  return stripped.trim() ? stripped : t;
}

// ---- alerts -----------------------------------------------------------------------------------
// "alert me if nightly backup fails 3 times in a row", "notify ops when it fails", "send alerts for
// nightly backup to ops", "stop alerting on nightly backup". Read before the verbs ("turn off
// alerts for ..." is not a pause) and only when the whole sentence is about alerts: anything else
// ("remind the team every monday at 9") returns null and is read as before.

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, "forty-five": 45, forty: 40, fifty: 50, sixty: 60, ninety: 90,
};
const NUM = `(?:\\d+|${Object.keys(NUMBER_WORDS).join("|")})`;
const toNumber = (s: string): number => (/^\d+$/.test(s) ? Number(s) : NUMBER_WORDS[s.toLowerCase()]);

const UNIT = "(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)";
const DURATION = `(?:half an hour|${NUM}\\s*${UNIT})`;

/** "10 minutes" -> 600, "an hour" -> 3600, "half an hour" -> 1800 (seconds). */
function seconds(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === "half an hour") return 1800;
  const m = new RegExp(`^(${NUM})\\s*(${UNIT})$`, "i").exec(t)!;
  const n = toNumber(m[1]);
  return /^h/.test(m[2]) ? n * 3600 : /^m/.test(m[2]) ? n * 60 : n;
}

const ALERTS_WORD = "(?:alerts?|alerting|notifications?|notifying|paging)";
const FAIL_VERB = "(?:fails?|has failed|failed|breaks|errors(?: out)?|goes down|crashes)";
const IN_A_ROW = "(?:in a row|consecutively|straight|running|in succession|back to back)";

/** The channel names in "ops", "ops and dev", "the #ops channel"; "me", "us" and "the team" name none. */
const GENERIC_RECIPIENT = /^(?:me|us|myself|ourselves|(?:the|my|our) team|team|everyone|everybody|someone|somebody|anyone|anybody|people|the on-?call)$/i;
function channelNames(text: string): string[] {
  return text
    .split(/\s*(?:,|&|\band\b)\s*/i)
    .map((p) =>
      p
        .trim()
        .replace(/^(?:the|our|my)\s+/i, "")
        .replace(/\s+channel$/i, "")
        .replace(/^["'“”‘’`]+|["'“”‘’`]+$/g, "")
        .trim(),
    )
    .filter((p) => p && !GENERIC_RECIPIENT.test(p));
}

/** What follows "when"/"if": the schedule's name and the event. */
function readCondition(cond: string): { target: string; ask: Omit<Extract<AlertAsk, { off: false }>, "off"> } | null {
  let m = new RegExp(`^(.+?)\\s+${FAIL_VERB}(?:\\s+(twice|${NUM})(?:\\s+(?:times?|runs?))?(?:\\s+${IN_A_ROW})?|\\s+for\\s+(${NUM})\\s+(?:runs|times)(?:\\s+${IN_A_ROW})?)?$`, "i").exec(cond);
  if (m) {
    const count = m[2] ?? m[3];
    return { target: m[1], ask: count ? { afterFailures: count.toLowerCase() === "twice" ? 2 : toNumber(count) } : {} };
  }
  m = new RegExp(
    `^(.+?)\\s+(?:runs?|takes|is running|has been running|keeps running|is still running|lasts|goes on|is taking)\\s+(?:for\\s+)?(?:longer than|longer then|more than|over|past|beyond)\\s+(${DURATION})$`,
    "i",
  ).exec(cond);
  if (m) return { target: m[1], ask: { runLongerThanSeconds: seconds(m[2]) } };
  m = /^(.+?)\s+(?:is missed|gets missed|misses(?: a| its)?(?: runs?| slots?)?|doesn'?t run|does not run|didn'?t run|did not run)$/i.exec(cond);
  if (m) return { target: m[1], ask: { onMissed: true } };
  m = /^(.+?)\s+(?:recovers|is back|comes back|is fixed|works again|succeeds again)$/i.exec(cond);
  if (m) return { target: m[1], ask: { onRecovery: true } };
  return null;
}

/** "via ops" (or "on the ops channel") at the end of a sentence: the channel, and the rest. */
function trailingChannel(text: string): { rest: string; channels?: string[] } {
  const m = /^(.+?)\s+(?:via|through|using)\s+(.+)$/i.exec(text) ?? /^(.+?)\s+(?:on|in|to)\s+((?:the\s+)?\S+\s+channel)$/i.exec(text);
  if (!m) return { rest: text };
  const channels = channelNames(m[2]);
  return channels.length ? { rest: m[1], channels } : { rest: text };
}

const ALERTS_OFF: RegExp[] = [
  new RegExp(`^(?:stop|quit|cease|pause|mute|silence)\\s+(?:the\\s+)?${ALERTS_WORD}(?:\\s+(?:me|us|anyone|people))?\\s+(?:on|for|about|of|from|when|if)\\s+(.+?)(?:\\s+${FAIL_VERB})?$`, "i"),
  new RegExp(`^(?:turn|switch|shut)\\s+off\\s+(?:the\\s+)?${ALERTS_WORD}\\s+(?:on|for|about|of|from)\\s+(.+)$`, "i"),
  new RegExp(`^(?:turn|switch|shut)\\s+(?:the\\s+)?${ALERTS_WORD}\\s+(?:on|for|about|of|from)\\s+(.+?)\\s+off$`, "i"),
  new RegExp(`^(?:no|no more|disable|remove|clear|delete|drop|mute|silence|cancel)\\s+(?:the\\s+)?${ALERTS_WORD}\\s+(?:on|for|about|of|from)\\s+(.+)$`, "i"),
  new RegExp(`^(?:stop|turn off|switch off|disable|mute|silence|remove)\\s+(.+?)['’]s\\s+${ALERTS_WORD}$`, "i"),
  new RegExp(`^(?:don'?t|do not|never)\\s+(?:alert|notify|page|ping|tell)\\s+(?:me|us|anyone|anybody)(?:\\s+any ?more)?\\s+(?:about|on|for|when|if)\\s+(.+?)(?:\\s+${FAIL_VERB})?(?:\\s+any ?more)?$`, "i"),
];

const SEND_ALERTS = [
  new RegExp(`^(?:send|route|deliver|direct|forward|post)\\s+(?:the\\s+|its\\s+)?${ALERTS_WORD}\\s+(?:for|of|about|from|on)\\s+(.+?)\\s+(?:to|via|through|into|in)\\s+(.+)$`, "i"),
  new RegExp(`^(?:send|route|deliver|direct|forward|post)\\s+(.+?)['’]s\\s+${ALERTS_WORD}\\s+(?:to|via|through|into|in)\\s+(.+)$`, "i"),
];
const ENABLE_ALERTS = new RegExp(`^(?:turn on|switch on|enable|set up|setup|add|start|activate)\\s+(?:the\\s+)?${ALERTS_WORD}\\s+(?:for|on|about|of)\\s+(.+)$`, "i");

const HEAD = /^(?:keep\s+)?(?:alert(?:ing)?|notify(?:ing)?|tell(?:ing)?|ping(?:ing)?|warn(?:ing)?|message|page|remind(?:ing)?|e-?mail|text)\s+(.+)$/i;
const KEYWORD = /^(?:(.+?)\s+)?(when(?:ever)?|if|as soon as|once|in case|after|every)\s+(.+)$/i;

/** An alerts request in `t` (already cleaned), or null when `t` is about something else. */
export function readAlerts(t: string): { target: string; ask: AlertAsk } | null {
  const withName = (target: string, ask: AlertAsk) => {
    const name = targetText(target);
    return name && name.length <= MAX_NAME_QUERY_LENGTH ? { target: name, ask } : null;
  };
  for (const re of ALERTS_OFF) {
    const m = re.exec(t);
    if (m) return withName(m[1], { off: true });
  }
  for (const re of SEND_ALERTS) {
    const m = re.exec(t);
    if (m) {
      const channels = channelNames(m[2]);
      return withName(m[1], { off: false, ...(channels.length ? { channels } : {}) });
    }
  }
  const enable = ENABLE_ALERTS.exec(t);
  if (enable) {
    const m = /^(.+?)\s+(?:to|via|through|using)\s+(.+)$/i.exec(enable[1]);
    const channels = m ? channelNames(m[2]) : [];
    return withName(channels.length ? m![1] : enable[1], { off: false, ...(channels.length ? { channels } : {}) });
  }

  // "let ops know when ..." reads as "tell ops when ..."
  const head = HEAD.exec(t.replace(/^let\s+(.+?)\s+know\b/i, "tell $1"));
  if (!head) return null;
  const k = KEYWORD.exec(head[1]);
  if (!k) return null;
  let recipient = k[1] ?? "";
  let named: string[] = [];
  // "alert me via ops when ...", "alert me on the ops channel when ..."
  const via = /^(.+?)\s+(?:via|through|using|on|in|at)\s+(.+)$/i.exec(recipient);
  if (via && GENERIC_RECIPIENT.test(via[1])) [recipient, named] = [via[1], channelNames(via[2])];
  else named = channelNames(recipient);
  // "... when nightly backup fails via ops"
  const { rest: tail, channels: trailing } = trailingChannel(k[3]);
  const channels = [...named, ...(trailing ?? [])];
  const asked = channels.length ? { channels } : {};
  const keyword = k[2].toLowerCase();

  if (keyword === "every") {
    // "remind me every 30 minutes while nightly backup is failing"
    const r = new RegExp(`^(?:(${NUM})\\s*)?(minutes?|mins?|m|hours?|hrs?|h)\\s+(?:while|as long as|for as long as)\\s+(.+?)\\s+(?:is|keeps|remains|stays)\\s+(?:failing|down|broken|failed|red)$`, "i").exec(tail);
    if (r) {
      const n = r[1] ? toNumber(r[1]) : 1;
      return withName(r[3], { off: false, ...asked, remindEveryMinutes: /^h/i.test(r[2]) ? n * 60 : n });
    }
    // "alert me every time nightly backup fails"
    const time = /^time\s+(.+)$/i.exec(tail);
    const c = time ? readCondition(time[1]) : null;
    return c ? withName(c.target, { off: false, ...asked, ...c.ask }) : null;
  }
  if (keyword === "after") {
    // "alert after 3 failures on nightly backup"
    const a = new RegExp(`^(${NUM})\\s+(?:consecutive\\s+|failed\\s+)?(?:failures?|fails|failed runs?|errors)(?:\\s+${IN_A_ROW})?\\s+(?:on|of|for|in|from|with|by)\\s+(.+)$`, "i").exec(tail);
    if (a) return withName(a[2], { off: false, ...asked, afterFailures: toNumber(a[1]) });
  }
  const c = readCondition(tail);
  return c ? withName(c.target, { off: false, ...asked, ...c.ask }) : null;
}
