// A job type's payload JSON Schema turned into form fields, when it is simple enough: an object
// whose properties are all strings, numbers, integers, booleans or enums. Anything else (nested
// objects, unions, arrays) is edited as JSON instead.

export type PayloadField = {
  name: string;
  kind: "string" | "number" | "integer" | "boolean" | "enum";
  required: boolean;
  description?: string;
  options?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  format?: string;
};

/** What the payload form holds: text for inputs, booleans for checkboxes. */
export type PayloadValues = Record<string, string | boolean>;

type JsonSchema = Record<string, unknown>;

const isObject = (v: unknown): v is JsonSchema => typeof v === "object" && v !== null && !Array.isArray(v);

function toField(name: string, schema: unknown, required: boolean): PayloadField | null {
  if (!isObject(schema)) return null;
  const description = typeof schema.description === "string" ? schema.description : undefined;
  const num = (key: string) => (typeof schema[key] === "number" ? (schema[key] as number) : undefined);
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every((v) => typeof v === "string")) {
    return { name, kind: "enum", required, description, options: schema.enum as string[] };
  }
  const type = schema.type;
  if (type === "string") return { name, kind: "string", required, description, maxLength: num("maxLength"), format: typeof schema.format === "string" ? schema.format : undefined };
  if (type === "number" || type === "integer") return { name, kind: type, required, description, minimum: num("minimum"), maximum: num("maximum") };
  if (type === "boolean") return { name, kind: "boolean", required, description };
  return null;
}

/** The schema's fields, or null when it needs the JSON editor. */
export function simplePayloadFields(schema: unknown): PayloadField[] | null {
  if (!isObject(schema) || schema.type !== "object" || !isObject(schema.properties)) return null;
  const required = Array.isArray(schema.required) ? (schema.required as unknown[]).filter((v): v is string => typeof v === "string") : [];
  const fields: PayloadField[] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    const field = toField(name, property, required.includes(name));
    if (!field) return null;
    fields.push(field);
  }
  return fields;
}

/** A saved payload as form values (anything not a plain object gives an empty form). */
export function payloadToValues(payload: unknown): PayloadValues {
  const values: PayloadValues = {};
  if (!isObject(payload)) return values;
  for (const [key, value] of Object.entries(payload)) {
    if (typeof value === "boolean") values[key] = value;
    else if (typeof value === "string" || typeof value === "number") values[key] = String(value);
  }
  return values;
}

export function payloadToText(payload: unknown): string {
  return payload === undefined || payload === null ? "" : JSON.stringify(payload, null, 2);
}

type Built = { payload: Record<string, unknown>; errors: Record<string, string>; empty: boolean };

/** Form values to a payload, with a message per field ("payload.<name>") for what cannot be sent. */
export function valuesToPayload(fields: PayloadField[], values: PayloadValues): Built {
  const payload: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  let empty = true;
  for (const field of fields) {
    const key = `payload.${field.name}`;
    const raw = values[field.name];
    if (field.kind === "boolean") {
      if (raw === true) empty = false;
      if (typeof raw === "boolean") payload[field.name] = raw;
      continue;
    }
    const text = typeof raw === "string" ? raw.trim() : "";
    if (text === "") {
      if (field.required) errors[key] = `${field.name} is required`;
      continue;
    }
    empty = false;
    if (field.kind === "number" || field.kind === "integer") {
      const n = Number(text);
      if (!Number.isFinite(n) || (field.kind === "integer" && !Number.isInteger(n))) errors[key] = `${field.name} must be ${field.kind === "integer" ? "a whole number" : "a number"}`;
      else if (field.minimum !== undefined && n < field.minimum) errors[key] = `${field.name} must be at least ${field.minimum}`;
      else if (field.maximum !== undefined && n > field.maximum) errors[key] = `${field.name} must be at most ${field.maximum}`;
      else payload[field.name] = n;
    } else {
      payload[field.name] = field.kind === "string" ? (raw as string) : text;
    }
  }
  return { payload, errors, empty };
}

/** The JSON editor's text to a payload; "" means none. */
export function textToPayload(text: string): { payload?: unknown; error?: string } {
  if (text.trim() === "") return {};
  try {
    return { payload: JSON.parse(text) as unknown };
  } catch (err) {
    return { error: `Not valid JSON: ${(err as Error).message}` };
  }
}
