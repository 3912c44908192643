import { Activity } from "@/components/ui/icons";
import type { RunOut } from "@/lib/api";
import { RunDurationChart } from "../runs/RunDurationChart";
import { Card, CardBody, CardHeader } from "../ui/Card";

/** The health chart in its card: durations of recent finished runs, coloured by status. */
export function RecentRunsChartCard({ runs }: { runs: RunOut[] }) {
  return (
    <Card aria-labelledby="recent-runs-chart-title">
      <CardHeader titleId="recent-runs-chart-title" title="Recent runs" icon={<Activity aria-hidden className="size-4" />} />
      <CardBody>
        <RunDurationChart runs={runs} />
      </CardBody>
    </Card>
  );
}
