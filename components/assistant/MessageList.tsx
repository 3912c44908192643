"use client";

import { useEffect, useRef } from "react";
import type { AssistantChatMessage } from "@/lib/api";
import { ChatMessage } from "./ChatMessage";
import type { ChatStatus } from "./use-conversation";

type Props = { messages: AssistantChatMessage[]; status: ChatStatus };

/** The conversation so far; new messages are announced and scrolled into view. */
export function MessageList({ messages, status }: Props) {
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView?.({ block: "end" });
  }, [messages.length, status]);

  return (
    <ul ref={list} role="log" aria-live="polite" aria-label="Conversation with @cron" className="space-y-3">
      {messages.map((message, index) => (
        // Messages are only ever appended (or the last one taken back), so the index is stable.
        <ChatMessage key={index} message={message} />
      ))}
      {status !== "idle" && <li className="text-xs text-zinc-500 dark:text-zinc-400">{status === "sending" ? "@cron is thinking…" : "Loading the conversation…"}</li>}
    </ul>
  );
}
