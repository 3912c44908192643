// The long-message attack on the @cron assistant (issue 11, item 1), shared by its test through
// converse() (long-message.test.ts) and the one against a real server (__tests__/api/abuse.http.test.ts).
import { MAX_MESSAGE_LENGTH } from "../../lib/assistant/state";
import { NAME_MAX } from "../../lib/validation/schedules";

// Five-letter words that differ from each other by one or two letters: every comparison of two of
// them goes through the typo-tolerant word match, the expensive path.
const WORDS = Array.from({ length: 400 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}x${i % 7}`);

const FIRST = "alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa quebec romeo sierra tango".split(" ");

/** Schedule `k`'s name: a word of its own, then as many of the shared words as fit in NAME_MAX characters. */
export function longName(k: number): string {
  let name = FIRST[k];
  for (let i = 0; ; i++) {
    const next = `${name} ${WORDS[(k * 37 + i) % WORDS.length]}`;
    if (next.length > NAME_MAX) return name;
    name = next;
  }
}

/** "change <words> to <words> for <words> run ...": a split point every few words, up to the limit. */
export function attack(): string {
  const splitters = ["to", "for", "run", "to run"];
  let text = "change";
  for (let i = 0; ; i++) {
    const next = `${text} ${WORDS[(i * 13) % WORDS.length]}${i % 3 === 2 ? ` ${splitters[i % splitters.length]}` : ""}`;
    if (next.length > MAX_MESSAGE_LENGTH - " to 2am".length) return `${text} to 2am`;
    text = next;
  }
}

