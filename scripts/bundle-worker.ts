// npm run worker, first step: bundles the worker for plain Node (scripts/lib/worker-bundle.ts).
import { bundleWorker } from "./lib/worker-bundle";

await bundleWorker();
