"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { CircleAlert, CircleCheck, Info, X } from "@/components/ui/icons";
import { cn } from "./cn";

export type ToastTone = "success" | "error" | "info";
type Toast = { id: number; message: string; tone: ToastTone };
type ToastApi = { show(message: string, tone?: ToastTone): void };

const ToastContext = createContext<ToastApi | null>(null);

// Errors stay longer: they usually need reading, and often an action.
const DURATION_MS: Record<ToastTone, number> = { success: 4000, info: 4000, error: 8000 };
const MAX_VISIBLE = 4;

const toneClasses: Record<ToastTone, string> = {
  success: "border-emerald-200 bg-white text-zinc-900 dark:border-emerald-500/30 dark:bg-zinc-900 dark:text-zinc-100",
  info: "border-zinc-200 bg-white text-zinc-900 dark:border-white/10 dark:bg-zinc-900 dark:text-zinc-100",
  error: "border-red-200 bg-red-50 text-red-900 dark:border-red-500/30 dark:bg-zinc-900 dark:text-red-200",
};

const toneIcons = { success: CircleCheck, info: Info, error: CircleAlert };
const iconClasses: Record<ToastTone, string> = {
  success: "text-emerald-600 dark:text-emerald-400",
  info: "text-brand-600 dark:text-brand-500",
  error: "text-red-600 dark:text-red-400",
};

/** Holds the toasts for the pages below it and announces each one through a live region. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback((message: string, tone: ToastTone = "info") => {
    const id = nextId.current++;
    setToasts((list) => [...list, { id, message, tone }].slice(-MAX_VISIBLE));
  }, []);
  const api = useMemo(() => ({ show }), [show]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      {/* Always in the DOM, so screen readers pick up what is added to it. */}
      <div
        role="region"
        aria-label="Notifications"
        aria-live="polite"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-[70] flex flex-col items-center gap-2 p-4 sm:items-end"
      >
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => onDismiss(toast.id), DURATION_MS[toast.tone]);
    return () => clearTimeout(timer);
  }, [paused, toast.id, toast.tone, onDismiss]);

  const Icon = toneIcons[toast.tone];
  return (
    <div
      role={toast.tone === "error" ? "alert" : "status"}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
      className={cn("pointer-events-auto flex w-full max-w-sm items-start gap-2.5 rounded-lg border px-3.5 py-3 text-sm shadow-lg", toneClasses[toast.tone])}
    >
      <Icon aria-hidden className={cn("mt-0.5 size-4 shrink-0", iconClasses[toast.tone])} />
      <p className="min-w-0 flex-1">{toast.message}</p>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        className="-my-1 -mr-1.5 inline-flex size-7 shrink-0 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-600 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white"
      >
        <X aria-hidden className="size-4" />
        <span className="sr-only">Dismiss</span>
      </button>
    </div>
  );
}

// Outside a provider (e.g. a component rendered alone in a test) toasts go nowhere rather than crash the page.
const silent: ToastApi = { show: () => {} };

/** `show(message, tone)` puts a toast on screen; tone defaults to "info". */
export function useToast(): ToastApi {
  return useContext(ToastContext) ?? silent;
}
