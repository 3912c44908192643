// Structured logs: one JSON line per event (pino), e.g.
// {"level":"info","time":"2026-11-21T12:01:00.012Z","scope":"worker","pid":4242,"schedule":"backup","latenessMs":12,"msg":"fire"}
import pino from "pino";
import { env } from "./env";

type Level = "debug" | "info" | "warn" | "error";

export type Logger = Record<Level, (message: string, fields?: Record<string, unknown>) => void>;

export function createLogger(scope: string, minLevel: Level = env().LOG_LEVEL): Logger {
  const base = pino({
    level: minLevel,
    base: { scope, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
  return {
    debug: (message, fields) => base.debug(fields ?? {}, message),
    info: (message, fields) => base.info(fields ?? {}, message),
    warn: (message, fields) => base.warn(fields ?? {}, message),
    error: (message, fields) => base.error(fields ?? {}, message),
  };
}
