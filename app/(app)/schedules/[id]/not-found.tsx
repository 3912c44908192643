import Link from "next/link";
import { CalendarX } from "@/components/ui/icons";
import { buttonClasses } from "@/components/ui/Button";

export default function ScheduleNotFound() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <CalendarX aria-hidden className="mx-auto size-10 text-zinc-300 dark:text-zinc-600" />
      <h1 className="mt-4 text-xl font-semibold text-zinc-900 dark:text-white">Schedule not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">It may have been deleted, or the link is wrong.</p>
      <Link href="/schedules" className={buttonClasses("secondary") + " mt-6"}>
        Back to schedules
      </Link>
    </div>
  );
}
