import { Clock } from "@/components/ui/icons";
import { cn } from "../ui/cn";

/** The Clock mark and the product name. */
export function Brand({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2.5 font-semibold tracking-tight text-zinc-900 dark:text-white", className)}>
      <span className="flex size-8 items-center justify-center rounded-lg bg-brand-600 text-white shadow-sm">
        <Clock aria-hidden className="size-[18px]" strokeWidth={2.25} />
      </span>
      <span className="text-lg">Almanac</span>
    </span>
  );
}
