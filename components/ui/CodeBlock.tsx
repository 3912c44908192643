import { cn } from "./cn";
import { CopyButton } from "./CopyButton";

type Props = { code: string; copyLabel?: string; className?: string };

/** A command or snippet to paste elsewhere, on a dark panel, with a copy button; long lines wrap. */
export function CodeBlock({ code, copyLabel, className }: Props) {
  return (
    <div className={cn("flex items-start gap-2 rounded-lg bg-zinc-950 p-3 ring-1 ring-zinc-800", className)}>
      <pre className="min-w-0 flex-1 whitespace-pre-wrap break-all py-1 font-mono text-xs leading-relaxed text-zinc-100">
        <code>{code}</code>
      </pre>
      <CopyButton value={code} label={copyLabel} variant="onDark" />
    </div>
  );
}
