// Pieces for fields the generic TextField cannot express here: required marks, text areas,
// checkboxes, and a preview under a control. Same look as components/ui/Field.tsx.
import type { ReactNode, TextareaHTMLAttributes } from "react";
import { cn } from "../ui/cn";

export const inputClasses = (invalid: boolean) =>
  cn(
    "block w-full rounded-lg border bg-white px-3 text-sm text-zinc-900 shadow-sm transition-colors",
    "placeholder:text-zinc-400 focus:outline-none focus:ring-2 focus:ring-brand-500/40",
    "disabled:cursor-not-allowed disabled:opacity-60 dark:bg-zinc-950 dark:text-zinc-100 dark:placeholder:text-zinc-500",
    invalid
      ? "border-red-500 focus:border-red-500 dark:border-red-500"
      : "border-zinc-300 focus:border-brand-500 dark:border-zinc-700 dark:focus:border-brand-500",
  );

export function FieldLabel({ htmlFor, children, required }: { htmlFor: string; children: ReactNode; required?: boolean }) {
  return (
    <label htmlFor={htmlFor} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
      {children}
      {required && (
        <span aria-hidden className="ml-0.5 text-red-600 dark:text-red-400">
          *
        </span>
      )}
    </label>
  );
}

/** The hint, or the error in its place; ids match the control's aria-describedby (see describedBy). */
export function FieldNote({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  if (error) {
    return (
      <p id={`${id}-error`} className="text-sm text-red-600 dark:text-red-400">
        {error}
      </p>
    );
  }
  if (!hint) return null;
  return (
    <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
      {hint}
    </p>
  );
}

export const describedBy = (id: string, hint: unknown, error?: string) => (error ? `${id}-error` : hint ? `${id}-hint` : undefined);

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> & { id: string; label: string; hint?: ReactNode; error?: string };

export function TextAreaField({ id, label, hint, error, className, required, ...rest }: TextAreaFieldProps) {
  return (
    <div className="space-y-1.5">
      <FieldLabel htmlFor={id} required={required}>
        {label}
      </FieldLabel>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        aria-required={required || undefined}
        className={cn(inputClasses(Boolean(error)), "py-2", className)}
        {...rest}
      />
      <FieldNote id={id} hint={hint} error={error} />
    </div>
  );
}
