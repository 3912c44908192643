import type { HTMLAttributes } from "react";
import { cn } from "./cn";

/** A grey placeholder block while content loads; give it a size with className. Hidden from screen readers: announce loading once, around the group. */
export function Skeleton({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div aria-hidden className={cn("animate-pulse rounded bg-zinc-200 motion-reduce:animate-none dark:bg-zinc-800", className)} {...rest} />;
}
