import { TextField } from "../ui/Field";

/** The email input both account forms use: no autocapitalising or spellchecking an address. */
export function EmailField({ id, error, autoFocus }: { id: string; error?: string; autoFocus?: boolean }) {
  return (
    <TextField
      id={id}
      name="email"
      type="email"
      label="Email"
      autoComplete="email"
      autoCapitalize="none"
      spellCheck={false}
      required
      autoFocus={autoFocus}
      error={error}
    />
  );
}
