"use client";

import { useEffect, useRef, type RefObject } from "react";

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

type Options = {
  /** Esc was pressed (not while composing text with an input method). */
  onEscape: () => void;
  /** Moves focus into the panel when it opens. */
  focusInitial: (panel: HTMLElement) => void;
};

/** The first focusable element in `panel`, preferring one marked data-autofocus. */
export function firstFocusable(panel: HTMLElement): HTMLElement | null {
  return panel.querySelector<HTMLElement>("[data-autofocus]") ?? panel.querySelector<HTMLElement>(FOCUSABLE);
}

/**
 * What every modal here does while `open`: focus moves in, Tab cycles inside the panel (aria-modal
 * promises the page behind is out of reach), Esc is handed to `onEscape`, the page behind does not
 * scroll, and focus returns to what opened it on close.
 */
export function useModal(open: boolean, panelRef: RefObject<HTMLElement | null>, options: Options) {
  // The key handler reads the latest callbacks without re-running the effect.
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  useEffect(() => {
    if (!open) return;
    // Runs before focus moves, so this is whatever opened the modal.
    const opener = document.activeElement as HTMLElement | null;
    if (panelRef.current) latest.current.focusInitial(panelRef.current);

    function onKeyDown(event: KeyboardEvent) {
      if (event.key === "Escape" && !event.isComposing) {
        event.preventDefault();
        latest.current.onEscape();
        return;
      }
      const panel = panelRef.current;
      if (event.key !== "Tab" || !panel) return;
      const items = Array.from(panel.querySelectorAll<HTMLElement>(FOCUSABLE));
      if (items.length === 0) return event.preventDefault();
      const [head, tail] = [items[0], items[items.length - 1]];
      const outside = !panel.contains(document.activeElement);
      if (event.shiftKey && (document.activeElement === head || outside)) {
        event.preventDefault();
        tail.focus();
      } else if (!event.shiftKey && (document.activeElement === tail || outside)) {
        event.preventDefault();
        head.focus();
      }
    }

    document.addEventListener("keydown", onKeyDown);
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.body.style.overflow = overflow;
      if (opener?.isConnected) opener.focus();
    };
  }, [open, panelRef]);
}
