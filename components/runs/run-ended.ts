"use client";

import { createContext } from "react";

/** Told when a run followed live has ended (its output's `end` event): the run list re-reads its rows. */
export const RunEndedContext = createContext<() => void>(() => {});
