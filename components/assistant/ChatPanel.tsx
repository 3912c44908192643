"use client";

import { useId, useRef, type Dispatch, type SetStateAction } from "react";
import { Bot, SquarePen, X } from "@/components/ui/icons";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { useModal } from "../ui/use-modal";
import { Composer } from "./Composer";
import { ConfirmDelete } from "./ConfirmDelete";
import { MessageList } from "./MessageList";
import { SuggestedPrompts } from "./SuggestedPrompts";
import { useConversation } from "./use-conversation";

type Props = {
  open: boolean;
  onClose: () => void;
  /** The message being typed; kept by the provider so "Ask the assistant" elsewhere can fill it in. */
  draft: string;
  onDraftChange: Dispatch<SetStateAction<string>>;
  /** Called after a reply that created, changed, paused or deleted a schedule. */
  onChanged: () => void;
};

/**
 * The @cron chat as a modal slide-over: full screen on phones, a 420 px panel at the right from sm
 * up. It stays mounted while closed (rendering nothing), so the conversation survives closing it.
 */
export function ChatPanel({ open, onClose, draft, onDraftChange, onChanged }: Props) {
  const chat = useConversation({ active: open, onChanged });
  const panelRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const titleId = useId();
  useModal(open, panelRef, {
    onEscape: onClose,
    focusInitial: () => {
      const input = inputRef.current;
      input?.focus();
      // Text handed over from elsewhere is there to be finished or sent: put the caret after it.
      input?.setSelectionRange(input.value.length, input.value.length);
    },
  });

  if (!open) return null;

  const busy = chat.status !== "idle";

  async function submit() {
    const text = draft;
    onDraftChange("");
    // A refused message comes back into the box (unless something new was typed meanwhile).
    if (!(await chat.send(text))) onDraftChange((current) => current || text);
  }

  // Buttons that send vanish once answered; keep focus in the panel, on the box.
  function sendFromButton(text: string) {
    inputRef.current?.focus();
    void chat.send(text);
  }

  function newConversation() {
    chat.reset();
    onDraftChange("");
    inputRef.current?.focus();
  }

  return (
    <div className="fixed inset-0 z-[55] flex justify-end">
      <div aria-hidden className="absolute inset-0 bg-zinc-950/50 transition-opacity starting:opacity-0 motion-reduce:transition-none" onClick={onClose} />
      <div
        ref={panelRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className="relative flex h-dvh w-full flex-col bg-white shadow-xl transition-transform duration-200 starting:translate-x-full motion-reduce:transition-none sm:w-[420px] sm:border-l sm:border-zinc-200 dark:bg-zinc-900 sm:dark:border-white/10"
      >
        <header className="flex h-14 shrink-0 items-center justify-between gap-2 border-b border-zinc-200 px-4 dark:border-white/10">
          <h2 id={titleId} className="flex items-center gap-2 text-base font-semibold text-zinc-900 dark:text-white">
            <Bot aria-hidden className="size-5 text-brand-600 dark:text-brand-500" />
            @cron assistant
          </h2>
          <div className="flex items-center gap-1">
            <Button variant="ghost" size="sm" onClick={newConversation} disabled={chat.status === "sending"}>
              <SquarePen aria-hidden className="size-4" />
              New conversation
            </Button>
            <button
              type="button"
              onClick={onClose}
              className="-mr-2 inline-flex size-10 items-center justify-center rounded-lg text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
            >
              <X aria-hidden className="size-5" />
              <span className="sr-only">Close assistant</span>
            </button>
          </div>
        </header>

        <div className="min-h-0 flex-1 space-y-4 overflow-y-auto px-4 py-4">
          {chat.loadError && <ErrorAlert>{chat.loadError}</ErrorAlert>}
          {chat.messages.length === 0 && chat.status !== "loading" && <SuggestedPrompts onPick={sendFromButton} disabled={busy} />}
          <MessageList messages={chat.messages} status={chat.status} />
        </div>

        <div className="shrink-0 space-y-3 border-t border-zinc-200 p-4 pb-[max(1rem,env(safe-area-inset-bottom))] dark:border-white/10">
          {chat.pending && <ConfirmDelete pending={chat.pending} onAnswer={sendFromButton} disabled={busy} />}
          <Composer
            value={draft}
            onChange={(text) => {
              onDraftChange(text);
              if (chat.error) chat.clearError();
            }}
            onSubmit={submit}
            sending={chat.status === "sending"}
            busy={busy}
            error={chat.error}
            inputRef={inputRef}
          />
        </div>
      </div>
    </div>
  );
}
