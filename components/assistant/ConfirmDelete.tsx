import { Trash2 } from "@/components/ui/icons";
import type { AssistantPendingConfirmation } from "@/lib/api";
import { Button } from "../ui/Button";

type Props = { pending: AssistantPendingConfirmation; onAnswer: (answer: "yes" | "no") => void; disabled: boolean };

/** A delete waiting for the user: answering by button sends the same "yes" or "no" one could type. */
export function ConfirmDelete({ pending, onAnswer, disabled }: Props) {
  return (
    <div role="group" aria-label={`Confirm deleting “${pending.scheduleName}”`} className="flex flex-wrap gap-2">
      <Button variant="danger" size="sm" onClick={() => onAnswer("yes")} disabled={disabled}>
        <Trash2 aria-hidden className="size-4" />
        Yes, delete “{pending.scheduleName}”
      </Button>
      <Button variant="secondary" size="sm" onClick={() => onAnswer("no")} disabled={disabled}>
        Cancel
      </Button>
    </div>
  );
}
