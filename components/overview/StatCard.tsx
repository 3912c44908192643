import type { LucideIcon } from "lucide-react";
import { Card } from "../ui/Card";

export function StatCard({ label, value, icon: Icon, hint }: { label: string; value: number; icon: LucideIcon; hint: string }) {
  return (
    <Card className="p-5">
      <div className="flex items-center justify-between gap-3">
        <h2 className="text-sm font-medium text-zinc-600 dark:text-zinc-400">{label}</h2>
        <Icon aria-hidden className="size-4 text-zinc-400" />
      </div>
      <p className="mt-2 text-3xl font-semibold tabular-nums tracking-tight text-zinc-900 dark:text-white">{value.toLocaleString("en")}</p>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{hint}</p>
    </Card>
  );
}
