// GET /api/v1/runs/{id}/output: its query, its JSON answer and its Server-Sent Events, used by the
// route, the OpenAPI document and the run output panel alike.
import { z } from "zod";

const seq = (name: string) => z.coerce.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`).min(0, `${name} must be at least 0`).max(2_147_483_647, `${name} is too large`);

export const OUTPUT_PAGE_MAX = 5000;

export const runOutputQuerySchema = z.strictObject({
  after: seq("after").default(0).meta({ description: "Only chunks after this seq: nextAfter from the previous page (JSON), or where to resume (events; Last-Event-ID wins)" }),
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(OUTPUT_PAGE_MAX, `limit must be at most ${OUTPUT_PAGE_MAX}`)
    .default(1000)
    .meta({ description: "Chunks per page (JSON only)" }),
});
export type RunOutputQuery = z.output<typeof runOutputQuerySchema>;

/** The Last-Event-ID header: the seq of the last output event the client has. */
export const lastEventIdSchema = seq("Last-Event-ID");

export const outputStreamSchema = z.enum(["stdout", "stderr", "log"]);

export const outputChunkOutSchema = z
  .object({
    seq: z.int().meta({ description: "1, 2, 3, ... within the run: the order written (the event id)" }),
    stream: outputStreamSchema.meta({ description: "stdout or stderr of a process, or log: the job's own log lines" }),
    text: z.string(),
    at: z.iso.datetime().meta({ description: "When the chunk's first text was written" }),
  })
  .meta({ id: "RunOutputChunk" });
export type OutputChunkOut = z.infer<typeof outputChunkOutSchema>;

export const runOutputOutSchema = z
  .object({
    runId: z.string(),
    status: z.string().meta({ description: "The run's status as of this answer" }),
    finished: z.boolean().meta({ description: "Whether the run has ended: then its output is complete" }),
    chunks: z.array(outputChunkOutSchema),
    droppedBytes: z.int().meta({ description: "Bytes the run wrote past the 1 MiB kept per run" }),
    bytes: z.int().meta({ description: "UTF-8 bytes of the text of this page's chunks" }),
    nextAfter: z.int().nullable().meta({ description: "More chunks follow: pass this as ?after= for the next page" }),
  })
  .meta({ id: "RunOutput" });
export type RunOutputOut = z.infer<typeof runOutputOutSchema>;

/** The data of the `end` event: the run's final status (null: the run was deleted meanwhile). */
export const runOutputEndSchema = z.object({ status: z.string().nullable(), droppedBytes: z.int() });
export type RunOutputEnd = z.infer<typeof runOutputEndSchema>;
