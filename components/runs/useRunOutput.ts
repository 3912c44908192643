"use client";

import { useEffect, useRef, useState } from "react";
import { api, errorMessage, type OutputChunkOut, type RunOutputEnd } from "@/lib/api";

/** Pages read for a finished run's output at most (1 MiB is kept per run; pages are up to 1000 chunks). */
const MAX_PAGES = 50;

export type RunOutputState = {
  chunks: OutputChunkOut[];
  droppedBytes: number;
  /** Following the output live (an EventSource is open). */
  live: boolean;
  /** Every chunk has arrived: the run has ended (live) or its output was read (finished). */
  complete: boolean;
  error: string | null;
};

/**
 * A run's output: followed live with an EventSource while the run is queued or running (`live` at
 * mount), until its `end` event; read once as JSON when it has finished.
 */
export function useRunOutput(runId: string, live: boolean, onEnded?: () => void): RunOutputState {
  const ended = useRef(onEnded);
  useEffect(() => {
    ended.current = onEnded;
  });
  const [followLive] = useState(live); // decided once: a run that ends while followed stays followed to its `end`
  const [state, setState] = useState<RunOutputState>({ chunks: [], droppedBytes: 0, live: followLive, complete: false, error: null });

  useEffect(() => {
    if (!followLive || typeof EventSource === "undefined") {
      // A finished run: its pages once. Without EventSource (an old browser): pages every second until it ends.
      const controller = new AbortController();
      (async () => {
        const chunks: OutputChunkOut[] = [];
        let after = 0;
        for (let page = 0; page < MAX_PAGES || followLive; page++) {
          const out = await api.runs.output(runId, { after }, controller.signal);
          chunks.push(...out.chunks);
          after = out.nextAfter ?? chunks.at(-1)?.seq ?? after;
          const complete = out.nextAfter === null && (out.finished || !followLive);
          setState({ chunks: [...chunks], droppedBytes: out.droppedBytes, live: followLive && !complete, complete, error: null });
          if (complete) {
            if (followLive) ended.current?.();
            return;
          }
          if (out.nextAfter === null) await new Promise((resolve) => setTimeout(resolve, 1000));
          if (controller.signal.aborted) return;
        }
      })().catch((err: unknown) => {
        if (!controller.signal.aborted) setState((s) => ({ ...s, live: false, error: errorMessage(err) }));
      });
      return () => controller.abort();
    }

    const source = new EventSource(api.runs.outputEventsUrl(runId));
    source.addEventListener("output", (event) => {
      const chunk = JSON.parse((event as MessageEvent<string>).data) as OutputChunkOut;
      // After a reconnect the stream resumes after Last-Event-ID; a chunk seen already is dropped anyway.
      setState((s) => (s.chunks.length > 0 && s.chunks[s.chunks.length - 1].seq >= chunk.seq ? s : { ...s, chunks: [...s.chunks, chunk], error: null }));
    });
    source.addEventListener("end", (event) => {
      const end = JSON.parse((event as MessageEvent<string>).data) as RunOutputEnd;
      source.close(); // or the EventSource would reconnect
      setState((s) => ({ ...s, droppedBytes: end.droppedBytes, live: false, complete: true }));
      ended.current?.();
    });
    source.onerror = () => {
      // A lost connection is retried by the EventSource itself; a refusal (401, 404) closes it.
      if (source.readyState === EventSource.CLOSED) setState((s) => ({ ...s, live: false, error: "Could not follow this run's output." }));
    };
    return () => source.close();
  }, [runId, followLive]);

  return state;
}
