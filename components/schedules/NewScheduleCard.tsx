"use client";

import { useEffect, useRef } from "react";
import { X } from "@/components/ui/icons";
import type { ScheduleInput, ScheduleOut } from "@/lib/api";
import { Card, CardBody } from "../ui/Card";
import { ScheduleForm } from "./ScheduleForm";

export const NEW_SCHEDULE_CARD_ID = "new-schedule";

type Props = { draft?: Partial<ScheduleInput>; onSaved: (schedule: ScheduleOut) => void; onClose: () => void };

/** The create form in its own card; it scrolls into view and takes focus when it opens. */
export function NewScheduleCard({ draft, onSaved, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const card = ref.current;
    card?.scrollIntoView?.({ block: "nearest" });
    card?.querySelector<HTMLInputElement>("input")?.focus();
  }, []);

  return (
    <div ref={ref} id={NEW_SCHEDULE_CARD_ID} className="scroll-mt-20">
      <Card aria-labelledby="new-schedule-title">
        <div className="flex items-center justify-between gap-3 border-b border-zinc-200 px-5 py-4 dark:border-white/10">
          <h2 id="new-schedule-title" className="text-base font-semibold text-zinc-900 dark:text-white">
            New schedule
          </h2>
          <button
            type="button"
            onClick={onClose}
            className="-mr-2 inline-flex size-9 items-center justify-center rounded-lg text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-600 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white"
          >
            <X aria-hidden className="size-5" />
            <span className="sr-only">Close the new schedule form</span>
          </button>
        </div>
        <CardBody>
          <ScheduleForm draft={draft} onSaved={onSaved} onCancel={onClose} />
        </CardBody>
      </Card>
    </div>
  );
}
