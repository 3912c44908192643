// Which assistant replies changed schedules, so the pages showing them know to reload.
import type { AssistantAction } from "@/lib/api";

const CHANGING_TOOLS = new Set(["create_scheduled_task", "update_scheduled_task", "toggle_scheduled_task"]);

/** True when a create, update, toggle or (confirmed) delete in `actions` succeeded. */
export function changedData(actions: readonly AssistantAction[]): boolean {
  return actions.some(({ tool, result }) => {
    // A refused tool call comes back as { error }; it changed nothing.
    if (typeof result !== "object" || result === null || "error" in result) return false;
    // The first "delete" only asks for a confirmation; only the confirmed one has deleted: true.
    if (tool === "delete_scheduled_task") return (result as { deleted?: unknown }).deleted === true;
    return CHANGING_TOOLS.has(tool);
  });
}
