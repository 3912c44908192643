// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self time by package or
// module (node_modules/<package>, the app's own chunk under .next/, node: internals) and by
// function. Sample times are wall-clock: a function waiting in a system call counts too.
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

/** Where a frame's code lives: its package, the app's build chunk, or a Node internal. */
function moduleOf({ url, functionName }: Node["callFrame"]): string {
  if (!url) return functionName; // (idle), (garbage collector), (program), native functions
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)(?:\/dist\/compiled\/([^/]+))?/.exec(url);
  if (pkg) return pkg[2] ? `${pkg[1]} (${pkg[2]})` : pkg[1];
  const chunk = url.indexOf(".next/");
  return chunk >= 0 ? url.slice(chunk) : url;
}

const frameOf = ({ callFrame: f }: Node) => (f.url ? `${f.functionName || "(anonymous)"} ${moduleOf(f)}:${f.lineNumber + 1}` : f.functionName);

/** Self time (ms) by module and by function, largest first, with the profile's whole time. */
export function summarizeProfile(file: string, top = 25): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byModule = new Map<string, number>();
  const byFrame = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = nodes.get(id)!;
    total += ms;
    byModule.set(moduleOf(node.callFrame), (byModule.get(moduleOf(node.callFrame)) ?? 0) + ms);
    byFrame.set(frameOf(node), (byFrame.get(frameOf(node)) ?? 0) + ms);
  });
  const table = (title: string, m: Map<string, number>) =>
    [`${title}:`, ...[...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, ms]) => `${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`)].join("\n");
  return [`${total.toFixed(0)} ms sampled`, table("self time by module", byModule), table("self time by function", byFrame)].join("\n\n");
}
