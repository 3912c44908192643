// The app's icons (components/ui/icons.tsx) draw exactly what lucide-react's components draw:
// same attributes, classes, paths and aria-hidden rule, for every icon the app uses, so replacing
// lucide's component for speed changes nothing a page or a screen reader shows.
import { createElement, type ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import * as lucide from "lucide-react";
import { expect, test } from "vitest";
import * as icons from "../../../components/ui/icons";

const ours = Object.entries(icons).filter(([, value]) => typeof value === "function") as [string, ComponentType<Record<string, unknown>>][];

const PROPS: Record<string, unknown>[] = [
  {},
  { "aria-hidden": true, className: "size-4" },
  { className: "size-3.5 shrink-0 animate-spin" },
  { "aria-label": "Delete", role: "img" },
  { className: "size-[18px]", strokeWidth: 2.25 },
  { title: "Job type", width: 16, height: 16 },
];

test("the app uses icons, and every one has a lucide-react counterpart", () => {
  expect(ours.length).toBeGreaterThan(40);
  for (const [name] of ours) expect(lucide, name).toHaveProperty(name);
});

test.each(PROPS.map((props) => [JSON.stringify(props), props]))("every icon renders lucide-react's markup with props %s", (_, props) => {
  for (const [name, Icon] of ours) {
    const theirs = (lucide as unknown as Record<string, ComponentType<Record<string, unknown>>>)[name];
    expect(renderToStaticMarkup(createElement(Icon, props)), name).toBe(renderToStaticMarkup(createElement(theirs, props)));
  }
});

test("an icon is labelled or hidden, never both", () => {
  const { Trash2 } = icons;
  expect(renderToStaticMarkup(<Trash2 />)).toContain('aria-hidden="true"');
  expect(renderToStaticMarkup(<Trash2 aria-label="Delete" />)).not.toContain("aria-hidden");
});
