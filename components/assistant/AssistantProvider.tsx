"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { ChatPanel } from "./ChatPanel";

type AssistantApi = {
  isOpen: boolean;
  /** Opens the chat; given text is put in the message box (not sent), for the user to check. */
  open(initialText?: string): void;
  close(): void;
  /** Calls `listener` after each reply that changed schedules; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
};

const AssistantContext = createContext<AssistantApi | null>(null);

/** Holds the @cron chat panel for every signed-in page, and tells pages when it changed schedules. */
export function AssistantProvider({ children }: { children: ReactNode }) {
  const [isOpen, setIsOpen] = useState(false);
  const [draft, setDraft] = useState("");
  // A set in a ref rather than state: a change notifies, it never needs to re-render the app.
  const listeners = useRef(new Set<() => void>());

  const open = useCallback((initialText?: string) => {
    if (initialText?.trim()) setDraft(initialText.trim());
    setIsOpen(true);
  }, []);
  const close = useCallback(() => setIsOpen(false), []);
  const subscribe = useCallback((listener: () => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const notify = useCallback(() => {
    for (const listener of [...listeners.current]) listener();
  }, []);
  const value = useMemo(() => ({ isOpen, open, close, subscribe }), [isOpen, open, close, subscribe]);

  return (
    <AssistantContext.Provider value={value}>
      {children}
      {/* After the page: its effects run first, so focus has settled (e.g. the phone menu has
          closed) before the panel notes what to give focus back to. */}
      <ChatPanel open={isOpen} onClose={close} draft={draft} onDraftChange={setDraft} onChanged={notify} />
    </AssistantContext.Provider>
  );
}

/** The assistant, or null outside an AssistantProvider (e.g. a component rendered alone in a test). */
export function useAssistant(): AssistantApi | null {
  return useContext(AssistantContext);
}

/** Runs `listener` after every assistant reply that changed schedules; does nothing outside a provider. */
export function useAssistantChanges(listener: () => void): void {
  const subscribe = useAssistant()?.subscribe;
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribe?.(() => latest.current()), [subscribe]);
}
