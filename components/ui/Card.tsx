import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export function Card({ className, ...rest }: HTMLAttributes<HTMLElement>) {
  return (
    <section
      className={cn("rounded-xl bg-white shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-white/10", className)}
      {...rest}
    />
  );
}

type CardHeaderProps = { title: ReactNode; titleId?: string; description?: ReactNode; icon?: ReactNode; action?: ReactNode };

export function CardHeader({ title, titleId, description, icon, action }: CardHeaderProps) {
  return (
    <div className="flex items-start gap-3 border-b border-zinc-200 px-5 py-4 dark:border-white/10">
      {icon && (
        <div className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600 dark:bg-brand-500/10 dark:text-brand-500">
          {icon}
        </div>
      )}
      <div className="min-w-0 flex-1">
        <h2 id={titleId} className="text-base font-semibold text-zinc-900 dark:text-white">
          {title}
        </h2>
        {description && <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{description}</p>}
      </div>
      {action}
    </div>
  );
}

export function CardBody({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("px-5 py-4", className)} {...rest} />;
}
