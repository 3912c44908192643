"use client";

import { useContext, useLayoutEffect, useMemo, useRef } from "react";
import type { OutputChunkOut } from "@/lib/api";
import { cn } from "../ui/cn";
import { formatBytes, outputLines } from "./output-lines";
import { RunEndedContext } from "./run-ended";
import { useRunOutput } from "./useRunOutput";

const STREAM_LABELS: Record<OutputChunkOut["stream"], string> = { stdout: "out", stderr: "err", log: "log" };
const STREAM_TITLES: Record<OutputChunkOut["stream"], string> = { stdout: "standard output", stderr: "standard error", log: "the job's log" };
const STREAM_TEXT: Record<OutputChunkOut["stream"], string> = {
  stdout: "text-zinc-800 dark:text-zinc-100",
  stderr: "text-red-700 dark:text-red-400",
  log: "text-sky-800 dark:text-sky-300",
};

/**
 * A run's output: each line labelled with its stream (stdout, stderr, the job's log) and coloured
 * by it, newlines kept. Followed live while the run has not finished; scrolled to the newest line
 * unless the reader has scrolled up.
 */
export function RunOutputPanel({ runId, active }: { runId: string; active: boolean }) {
  const output = useRunOutput(runId, active, useContext(RunEndedContext));
  const lines = useMemo(() => outputLines(output.chunks), [output.chunks]);
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  const empty = lines.length === 0;
  return (
    <div>
      <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Output</h3>
        <p className="flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
          {output.live && (
            <span className="inline-flex items-center gap-1.5 font-medium text-emerald-700 dark:text-emerald-400">
              <span aria-hidden className="size-2 animate-pulse rounded-full bg-emerald-500 motion-reduce:animate-none" />
              Live
            </span>
          )}
          {(["stdout", "stderr", "log"] as const).map((s) => (
            <span key={s} className={cn("font-mono", STREAM_TEXT[s])} title={STREAM_TITLES[s]}>
              {STREAM_LABELS[s]} = {s}
            </span>
          ))}
        </p>
      </div>
      <div
        ref={box}
        role="log"
        aria-label="Run output"
        aria-busy={output.live || undefined}
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
        }}
        className={cn(
          "max-h-96 overflow-auto rounded-lg bg-zinc-50 p-3 font-mono text-xs ring-1 ring-inset ring-zinc-200",
          "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 dark:bg-zinc-950 dark:ring-white/10",
        )}
      >
        {lines.map((line, i) => (
          <div key={i} data-stream={line.stream} className="grid grid-cols-[2rem_1fr] gap-2">
            <span aria-hidden className="select-none text-right text-[10px] uppercase leading-5 text-zinc-400 dark:text-zinc-500" title={STREAM_TITLES[line.stream]}>
              {STREAM_LABELS[line.stream]}
            </span>
            <span className={cn("whitespace-pre-wrap break-words leading-5", STREAM_TEXT[line.stream], line.stream === "log" && "italic")}>
              <span className="sr-only">{line.stream}: </span>
              {line.text || " "}
            </span>
          </div>
        ))}
        {empty && (
          <p className="text-zinc-500 dark:text-zinc-400">
            {output.error ? "" : output.live ? "Waiting for output…" : output.complete ? "This run wrote no output." : "Loading output…"}
          </p>
        )}
      </div>
      {output.droppedBytes > 0 && (
        <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">
          {formatBytes(output.droppedBytes)} dropped: a run keeps the first 1 MiB of its output ({output.droppedBytes.toLocaleString("en")} bytes dropped).
        </p>
      )}
      {output.error && <p className="mt-1 text-xs text-red-700 dark:text-red-400">{output.error}</p>}
    </div>
  );
}
