// The "log" job type: writes a message to the run's log. For trying Almanac out and for testing
// retries: errorRate makes a share of runs fail on purpose.
import { z } from "zod";
import { defineEntrypoint, type EntrypointSpec, type JsonValue } from "./types";

const userPayloadSchema = z.strictObject(
  {
    message: z
      .string({ error: "must be a string" })
      .min(1, "must not be empty")
      .max(1000, "must be at most 1000 characters")
      .meta({ description: "The text each run writes to its log" }),
    errorRate: z
      .number({ error: "must be a number from 0 to 1" })
      .min(0, "must be from 0 to 1")
      .max(1, "must be from 0 to 1")
      .optional()
      .meta({ description: "The probability (0-1) that a run fails on purpose, to try out retries; default 0" }),
  },
  { error: "must be a JSON object" },
);

const executionPayloadSchema = z.object({
  message: z.string().min(1),
  errorRate: z.number().min(0).max(1).optional(),
});

export type LogUserPayload = z.output<typeof userPayloadSchema>;
export type LogExecutionPayload = z.output<typeof executionPayloadSchema>;

/** The log job type; `random` (default Math.random) decides the simulated failures. */
export function createLogEntrypoint(random: () => number = Math.random): EntrypointSpec<LogUserPayload, LogExecutionPayload> {
  return defineEntrypoint<LogUserPayload, LogExecutionPayload>({
    key: "log",
    title: "Log a message",
    description: "Writes a message to the run's log. Set errorRate (0-1) to make that share of runs fail, e.g. to try out retries.",
    userPayloadSchema,
    executionPayloadSchema,
    async register(input) {
      return input.errorRate === undefined || input.errorRate === 0 ? { message: input.message } : { message: input.message, errorRate: input.errorRate };
    },
    async validateExecution() {},
    async execute(payload, ctx) {
      if (ctx.aborted) ctx.signal.throwIfAborted();
      ctx.log(payload.message);
      const errorRate = payload.errorRate ?? 0;
      if (errorRate > 0 && random() < errorRate) throw new Error(`simulated failure (errorRate ${errorRate})`);
      return { message: payload.message };
    },
    present(payload) {
      const out: { [k: string]: JsonValue } = { message: payload.message };
      if (payload.errorRate !== undefined) out.errorRate = payload.errorRate;
      return out;
    },
  });
}

export const logEntrypoint = createLogEntrypoint();
