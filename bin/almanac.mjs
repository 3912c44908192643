#!/usr/bin/env node
// The `almanac` command: runs cli/main.ts through tsx's loader (a dependency), so a checkout needs
// no build step. tsImport loads TypeScript for this import only; nothing else is hooked.
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../cli/main.ts", import.meta.url);
const code = await main(process.argv);
// Let pending writes to a pipe drain before exiting.
process.exitCode = code;
