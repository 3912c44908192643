// A run's output chunks as lines to show, each with the stream it came from: a line written in
// several chunks of one stream is one line; another stream's text in between starts a new one.
import type { OutputChunkOut } from "@/lib/api";

export type OutputLine = { stream: OutputChunkOut["stream"]; text: string };

export function outputLines(chunks: readonly OutputChunkOut[]): OutputLine[] {
  const lines: OutputLine[] = [];
  let open: OutputLine | null = null; // the last line, while its newline has not come
  for (const chunk of chunks) {
    const parts = chunk.text.split("\n");
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      if (i === 0 && open && open.stream === chunk.stream) open.text += part;
      else if (!(last && part === "")) {
        open = { stream: chunk.stream, text: part };
        lines.push(open);
      }
      if (!last) open = null;
    });
  }
  return lines;
}

/** A byte count in words: "512 bytes", "3.2 KiB", "1.5 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} ${n === 1 ? "byte" : "bytes"}`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
