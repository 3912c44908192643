"use client";

import { useEffect, useState } from "react";
import { Check, Copy } from "@/components/ui/icons";
import { Button, type ButtonProps } from "./Button";

type CopyButtonProps = Omit<ButtonProps, "onClick" | "children"> & { value: string; label?: string };

export function CopyButton({ value, label = "Copy", variant = "secondary", size = "sm", ...rest }: CopyButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      // Clipboard access needs a secure context (https or localhost); self-hosted over plain http has none.
      setState("failed");
    }
  }

  return (
    <Button variant={variant} size={size} onClick={copy} {...rest}>
      {state === "copied" ? <Check aria-hidden className="size-4" /> : <Copy aria-hidden className="size-4" />}
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select and copy" : label}</span>
    </Button>
  );
}
