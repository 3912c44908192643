// @vitest-environment happy-dom
// A job type's form fields: a string that may be long (an llm job's prompt) is a textarea, so its
// line breaks survive; short strings stay one-line inputs.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { PayloadFields } from "../../../components/schedules/PayloadFields";
import { simplePayloadFields } from "../../../components/schedules/payload-schema";
import { listEntrypoints } from "../../../lib/entrypoints/registry";

afterEach(cleanup);

test("the llm job's prompt and system message are textareas that keep line breaks; its model is an input", () => {
  const llm = listEntrypoints().find((e) => e.key === "llm")!;
  const fields = simplePayloadFields(llm.payloadSchema)!;
  expect(fields.map((f) => f.name)).toEqual(["prompt", "system", "model", "maxTokens", "temperature"]);
  const onValues = vi.fn();
  render(<PayloadFields idPrefix="t" fields={fields} values={{}} text="" onValues={onValues} onText={() => {}} errors={{}} />);
  const prompt = screen.getByLabelText(/^Prompt/);
  expect(prompt.tagName).toBe("TEXTAREA");
  expect(screen.getByLabelText(/^System/).tagName).toBe("TEXTAREA");
  expect(screen.getByLabelText(/^Model/).tagName).toBe("INPUT");
  fireEvent.change(prompt, { target: { value: "Line one\nLine two" } });
  expect(onValues).toHaveBeenLastCalledWith({ prompt: "Line one\nLine two" });
});
