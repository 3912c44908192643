"use client";

import { useId, useRef, type ReactNode } from "react";
import { firstFocusable, useModal } from "./use-modal";

type DialogProps = {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  /** Buttons and other content below the description. */
  children?: ReactNode;
  /** Ignore Esc and backdrop clicks, e.g. while a request is in flight. */
  dismissible?: boolean;
  /** A wider panel, for content such as a list to review. */
  wide?: boolean;
};

/** A modal dialog: focus moves in on open, stays inside, and returns to where it was on close. */
export function Dialog({ open, onClose, title, description, children, dismissible = true, wide = false }: DialogProps) {
  const panelRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  useModal(open, panelRef, {
    onEscape: () => dismissible && onClose(),
    focusInitial: (panel) => (firstFocusable(panel) ?? panel).focus(),
  });

  if (!open) return null;

  return (
    <div className="fixed inset-0 z-50 flex items-end justify-center p-4 sm:items-center">
      <div
        aria-hidden
        className="absolute inset-0 bg-zinc-950/50 backdrop-blur-[2px]"
        onClick={() => dismissible && onClose()}
      />
      <div
        ref={panelRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        className={`relative w-full ${wide ? "max-h-[90vh] max-w-3xl overflow-y-auto" : "max-w-md"} rounded-xl bg-white p-6 shadow-xl ring-1 ring-zinc-200 focus:outline-none dark:bg-zinc-900 dark:ring-white/10`}
      >
        <h2 id={titleId} className="text-lg font-semibold text-zinc-900 dark:text-white">
          {title}
        </h2>
        {description && (
          <div id={descriptionId} className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            {description}
          </div>
        )}
        {children && <div className="mt-5">{children}</div>}
      </div>
    </div>
  );
}
