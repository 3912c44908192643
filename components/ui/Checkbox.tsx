import type { InputHTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type"> & { id: string; label: ReactNode; hint?: ReactNode };

/** A checkbox with its label beside it and an optional line of explanation under the label. */
export function Checkbox({ id, label, hint, className, ...rest }: Props) {
  return (
    <div className={cn("flex items-start gap-2.5", className)}>
      <input
        id={id}
        type="checkbox"
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5 size-4 shrink-0 rounded border-zinc-300 accent-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed dark:border-zinc-600"
        {...rest}
      />
      <div className="min-w-0 text-sm">
        <label htmlFor={id} className="font-medium text-zinc-800 dark:text-zinc-200">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
