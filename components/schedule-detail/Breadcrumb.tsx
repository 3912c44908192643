import Link from "next/link";
import { ChevronLeft } from "@/components/ui/icons";

/** "← Schedules / name": the way back to the list, and where this page sits. */
export function Breadcrumb({ current }: { current: string }) {
  return (
    <nav aria-label="Breadcrumb">
      <ol className="flex min-w-0 items-center gap-1.5 text-sm text-zinc-600 dark:text-zinc-400">
        <li className="shrink-0">
          <Link
            href="/schedules"
            className="-ml-1 inline-flex items-center gap-0.5 rounded-md px-1 py-0.5 font-medium hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-600 dark:hover:text-white"
          >
            <ChevronLeft aria-hidden className="size-4" />
            Schedules
          </Link>
        </li>
        <li aria-hidden className="text-zinc-400 dark:text-zinc-600">
          /
        </li>
        <li aria-current="page" className="min-w-0 truncate">
          {current}
        </li>
      </ol>
    </nav>
  );
}
