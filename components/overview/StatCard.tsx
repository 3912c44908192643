import Link from "next/link";
import { ArrowRight, type LucideIcon } from "@/components/ui/icons";
import { Card } from "../ui/Card";

type Props = { label: string; value: number; icon: LucideIcon; hint: string; link?: { href: string; label: string } };

/** A count with what it means, and where to go to do something about it. */
export function StatCard({ label, value, icon: Icon, hint, link }: Props) {
  return (
    <Card className="flex flex-col p-5">
      <div className="flex items-center justify-between gap-3">
        <h2 className="text-sm font-medium text-zinc-600 dark:text-zinc-400">{label}</h2>
        <Icon aria-hidden className="size-4 text-zinc-400" />
      </div>
      <p className="mt-2 text-3xl font-semibold tabular-nums tracking-tight text-zinc-900 dark:text-white">{value.toLocaleString("en")}</p>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{hint}</p>
      {link && (
        <Link
          href={link.href}
          className="mt-3 inline-flex items-center gap-1 self-start rounded text-sm font-medium text-brand-700 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40 dark:text-brand-500"
        >
          {link.label}
          <ArrowRight aria-hidden className="size-3.5" />
        </Link>
      )}
    </Card>
  );
}
