import { useId, type KeyboardEvent, type RefObject } from "react";
import { SendHorizontal } from "@/components/ui/icons";
import { Button } from "../ui/Button";
import { cn } from "../ui/cn";
import { inputClasses } from "../schedules/FieldParts";

type Props = {
  value: string;
  onChange: (text: string) => void;
  onSubmit: () => void;
  /** A message is on its way: Send shows a spinner. */
  sending: boolean;
  /** Sending or loading: nothing can be sent. */
  busy: boolean;
  /** Why the last message was refused, shown under the box. */
  error: string | null;
  inputRef: RefObject<HTMLTextAreaElement | null>;
};

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ value, onChange, onSubmit, sending, busy, error, inputRef }: Props) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter while an input method is composing picks a candidate; it must not send.
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (!busy) onSubmit();
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy) onSubmit();
      }}
    >
      <label htmlFor={id} className="sr-only">
        Message @cron
      </label>
      <div className="flex items-end gap-2">
        <textarea
          ref={inputRef}
          id={id}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          rows={2}
          placeholder="pause nightly backup"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          className={cn(inputClasses(Boolean(error)), "max-h-40 min-h-10 w-full min-w-0 flex-1 resize-y py-2")}
        />
        <Button type="submit" pending={sending} disabled={busy}>
          {!sending && <SendHorizontal aria-hidden className="size-4" />}
          Send
        </Button>
      </div>
      {error && (
        <p id={errorId} role="alert" className="mt-1.5 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <p id={hintId} className="mt-1.5 text-xs text-zinc-500 dark:text-zinc-400">
        Enter sends, Shift+Enter starts a new line.
      </p>
    </form>
  );
}
