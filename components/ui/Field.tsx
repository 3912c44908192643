import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { cn } from "./cn";

const controlClasses = (invalid: boolean) =>
  cn(
    "block h-10 w-full rounded-lg border bg-white px-3 text-sm text-zinc-900 shadow-sm transition-colors",
    "placeholder:text-zinc-400 focus:outline-none focus:ring-2 focus:ring-brand-500/40",
    "disabled:cursor-not-allowed disabled:opacity-60 dark:bg-zinc-950 dark:text-zinc-100 dark:placeholder:text-zinc-500",
    invalid
      ? "border-red-500 focus:border-red-500 dark:border-red-500"
      : "border-zinc-300 focus:border-brand-500 dark:border-zinc-700 dark:focus:border-brand-500",
  );

type FieldFrameProps = { id: string; label: string; hint?: ReactNode; error?: string; children: ReactNode };

/** Label, control, hint and error, wired together with ids so screen readers read them. */
function FieldFrame({ id, label, hint, error, children }: FieldFrameProps) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

const describedBy = (id: string, hint: unknown, error?: string) => (error ? `${id}-error` : hint ? `${id}-hint` : undefined);

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id"> & { id: string; label: string; hint?: ReactNode; error?: string };

export function TextField({ id, label, hint, error, className, ...rest }: TextFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={cn(controlClasses(Boolean(error)), className)}
        {...rest}
      />
    </FieldFrame>
  );
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & { id: string; label: string; hint?: ReactNode; error?: string };

export function SelectField({ id, label, hint, error, className, children, ...rest }: SelectFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={cn(controlClasses(Boolean(error)), "pr-8", className)}
        {...rest}
      >
        {children}
      </select>
    </FieldFrame>
  );
}
