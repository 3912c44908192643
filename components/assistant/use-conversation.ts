"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ApiRequestError, api, errorMessage, type AssistantChatMessage, type AssistantPendingConfirmation } from "@/lib/api";
import { sentence } from "@/lib/api-fetch";
import { useTeams } from "../teams/TeamContext";
import { changedData } from "./changed-data";
import { readConversationId, writeConversationId } from "./conversation-id";

export type ChatStatus = "idle" | "loading" | "sending";

type Options = {
  /** The panel is open: the first time, the stored conversation is loaded. */
  active: boolean;
  /** Called after a reply whose actions changed schedules. */
  onChanged: () => void;
};

const isNotFound = (err: unknown) => err instanceof ApiRequestError && err.status === 404;

// A 400 names the field ("message: message cannot be empty"); the box is that field, so its own
// message ("Message cannot be empty") reads better there.
const refusal = (err: unknown) => sentence((err instanceof ApiRequestError && err.fields?.message) || errorMessage(err));

/** The chat's state: messages, a delete waiting for "yes", and sending a message. */
export function useConversation({ active, onChanged }: Options) {
  const [messages, setMessages] = useState<AssistantChatMessage[]>([]);
  const [pending, setPending] = useState<AssistantPendingConfirmation | null>(null);
  const [status, setStatus] = useState<ChatStatus>("idle");
  // Why the last message was not sent (a 400 names the problem); shown at the composer.
  const [error, setError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const conversationId = useRef<string | null>(null);
  // A ref as well as state: two quick Enters must not send twice before a render.
  const busy = useRef(false);
  // Bumped by reset(): an answer for the previous conversation must not land in the new one.
  const generation = useRef(0);
  const loaded = useRef(false);
  // The team chosen in the sidebar, read when a message is sent (the send callback stays stable).
  const chosenTeam = useTeams()?.current.id;
  const teamId = useRef(chosenTeam);
  teamId.current = chosenTeam;
  const latestOnChanged = useRef(onChanged);
  useEffect(() => {
    latestOnChanged.current = onChanged;
  });

  const remember = (id: string | null) => {
    conversationId.current = id;
    writeConversationId(id);
  };

  // Continue the conversation from before a reload: its messages live on the server.
  useEffect(() => {
    if (!active || loaded.current) return;
    loaded.current = true;
    const id = readConversationId();
    if (!id) return;
    conversationId.current = id;
    const gen = generation.current;
    const controller = new AbortController();
    let done = false;
    busy.current = true;
    setStatus("loading");
    api.assistant
      .conversation(id, controller.signal)
      .then(
        (conversation) => {
          if (gen !== generation.current) return;
          setMessages(conversation.messages);
          setPending(conversation.pendingConfirmation ?? null);
        },
        (err: unknown) => {
          if (controller.signal.aborted || gen !== generation.current) return;
          // Gone (or another account's, after signing in as someone else): start afresh.
          if (isNotFound(err)) remember(null);
          else setLoadError(`Could not load the conversation: ${errorMessage(err)}`);
        },
      )
      .finally(() => {
        done = true;
        if (controller.signal.aborted || gen !== generation.current) return;
        busy.current = false;
        setStatus("idle");
      });
    return () => {
      if (done) return;
      // Closed (or a Strict Mode re-run) before it answered: load again on the next open.
      controller.abort();
      loaded.current = false;
      busy.current = false;
      setStatus("idle");
    };
  }, [active]);

  const send = useCallback(async (text: string): Promise<boolean> => {
    if (busy.current) return false;
    busy.current = true;
    setStatus("sending");
    setError(null);
    const gen = generation.current;
    // Shown at once; taken back if the server refuses it. A blank one is not worth a bubble.
    const mine: AssistantChatMessage | null = text.trim() ? { role: "user", text, at: new Date().toISOString() } : null;
    if (mine) setMessages((list) => [...list, mine]);
    try {
      let reply;
      try {
        reply = await api.assistant.send(text, conversationId.current ?? undefined, undefined, teamId.current);
      } catch (err) {
        // The stored conversation no longer exists: this message starts a new one.
        if (!conversationId.current || !isNotFound(err)) throw err;
        remember(null);
        reply = await api.assistant.send(text, undefined, undefined, teamId.current);
      }
      // Schedules changed whatever became of the conversation since.
      if (changedData(reply.actions)) latestOnChanged.current();
      if (gen !== generation.current) return true;
      remember(reply.conversationId);
      const answer: AssistantChatMessage = { role: "assistant", text: reply.reply, at: new Date().toISOString() };
      setMessages((list) => [...list, answer]);
      setPending(reply.pendingConfirmation ?? null);
      return true;
    } catch (err) {
      if (gen !== generation.current) return false;
      if (mine) setMessages((list) => list.filter((m) => m !== mine));
      setError(refusal(err));
      return false;
    } finally {
      if (gen === generation.current) {
        busy.current = false;
        setStatus("idle");
      }
    }
  }, []);

  const reset = useCallback(() => {
    generation.current += 1;
    remember(null);
    busy.current = false;
    setMessages([]);
    setPending(null);
    setError(null);
    setLoadError(null);
    setStatus("idle");
  }, []);

  const clearError = useCallback(() => setError(null), []);

  return { messages, pending, status, error, loadError, send, reset, clearError };
}
