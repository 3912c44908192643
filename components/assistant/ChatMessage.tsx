import type { AssistantChatMessage } from "@/lib/api";
import { cn } from "../ui/cn";

/** One message: the user's on the right, @cron's on the left, line breaks kept as sent. */
export function ChatMessage({ message }: { message: AssistantChatMessage }) {
  const mine = message.role === "user";
  return (
    <li className={cn("flex", mine ? "justify-end" : "justify-start")}>
      <div
        className={cn(
          "max-w-[85%] whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-sm leading-relaxed",
          mine
            ? "rounded-br-sm bg-brand-600 text-white"
            : "rounded-bl-sm bg-zinc-100 text-zinc-900 ring-1 ring-inset ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-100 dark:ring-white/10",
        )}
      >
        {/* The bubbles' sides say who spoke; screen readers need it in words. */}
        <span className="sr-only">{mine ? "You: " : "@cron: "}</span>
        {message.text}
      </div>
    </li>
  );
}
