"use client";

import { cn } from "../ui/cn";
import { FieldLabel, FieldNote, TextAreaField, describedBy, inputClasses } from "./FieldParts";
import type { PayloadField, PayloadValues } from "./payload-schema";

type Props = {
  idPrefix: string;
  /** The job type's fields, or null to edit the payload as JSON. */
  fields: PayloadField[] | null;
  values: PayloadValues;
  text: string;
  onValues: (values: PayloadValues) => void;
  onText: (text: string) => void;
  /** "payload" and "payload.<name>" messages. */
  errors: Record<string, string>;
  hint?: string;
};

/** Strings allowed to be longer than this are edited in a textarea. */
const LONG_TEXT = 2000;

/** "errorRate" -> "Error rate". */
const labelOf = (name: string) => {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The job type's settings: a form for simple schemas, a JSON editor for the rest. */
export function PayloadFields({ idPrefix, fields, values, text, onValues, onText, errors, hint }: Props) {
  if (!fields) {
    return (
      <TextAreaField
        id={`${idPrefix}-payload`}
        label="Job settings (JSON)"
        rows={6}
        spellCheck={false}
        value={text}
        onChange={(e) => onText(e.target.value)}
        placeholder='{ "url": "https://example.com/hook" }'
        className="font-mono text-xs"
        hint={hint ?? "A JSON object, as described by the job type's schema."}
        error={errors.payload}
      />
    );
  }

  const set = (name: string, value: string | boolean) => onValues({ ...values, [name]: value });
  return (
    <fieldset className="space-y-4">
      <legend className="sr-only">Job settings</legend>
      {errors.payload && <p className="text-sm text-red-600 dark:text-red-400">{errors.payload}</p>}
      {hint && <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>}
      {fields.map((field) => {
        const id = `${idPrefix}-payload-${field.name}`;
        const error = errors[`payload.${field.name}`];
        const value = values[field.name];
        if (field.kind === "boolean") {
          return (
            <div key={field.name} className="space-y-1.5">
              <div className="flex items-center gap-2">
                <input
                  id={id}
                  type="checkbox"
                  checked={value === true}
                  onChange={(e) => set(field.name, e.target.checked)}
                  aria-describedby={describedBy(id, field.description, error)}
                  className="size-4 rounded border-zinc-300 text-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600 dark:border-zinc-600"
                />
                <FieldLabel htmlFor={id} required={field.required}>
                  {labelOf(field.name)}
                </FieldLabel>
              </div>
              <FieldNote id={id} hint={field.description} error={error} />
            </div>
          );
        }
        const common = {
          id,
          value: typeof value === "string" ? value : "",
          "aria-invalid": error ? true : undefined,
          "aria-describedby": describedBy(id, field.description, error),
          "aria-required": field.required || undefined,
        };
        return (
          <div key={field.name} className="space-y-1.5">
            <FieldLabel htmlFor={id} required={field.required}>
              {labelOf(field.name)}
            </FieldLabel>
            {field.kind === "enum" ? (
              <select {...common} onChange={(e) => set(field.name, e.target.value)} className={cn(inputClasses(Boolean(error)), "h-10 pr-8")}>
                {!field.required && <option value="">Default</option>}
                {field.options?.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            ) : field.kind === "string" && (field.maxLength ?? 0) > LONG_TEXT ? (
              // Long text (an llm job's prompt) keeps its line breaks, which an <input> drops.
              <textarea {...common} rows={4} maxLength={field.maxLength} onChange={(e) => set(field.name, e.target.value)} className={cn(inputClasses(Boolean(error)), "py-2")} />
            ) : (
              <input
                {...common}
                type={field.kind === "string" ? (field.format === "uri" ? "url" : "text") : "number"}
                inputMode={field.kind === "integer" ? "numeric" : field.kind === "number" ? "decimal" : undefined}
                step={field.kind === "number" ? "any" : undefined}
                min={field.minimum}
                max={field.maximum}
                maxLength={field.maxLength}
                autoComplete="off"
                onChange={(e) => set(field.name, e.target.value)}
                className={cn(inputClasses(Boolean(error)), "h-10")}
              />
            )}
            <FieldNote id={id} hint={field.description} error={error} />
          </div>
        );
      })}
    </fieldset>
  );
}
