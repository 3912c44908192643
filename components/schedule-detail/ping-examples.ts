// How to call a heartbeat check's ping URL, as the schedule page shows it: from a crontab, around a
// job with its exit status, and from CI. The ping routes (/ping/{key}, /start, /fail, /{status})
// take GET or POST; a POST body's first 10 KiB become the run's output.

export type PingExample = { id: string; title: string; description: string; code: string };

/** curl that fails on an HTTP error without printing the answer, gives up after 10 s, and retries a flaky network. */
const CURL = "curl -fsS -m 10 --retry 5 -o /dev/null";

export function pingExamples({ pingUrl, cronExpression, timezone }: { pingUrl: string; cronExpression: string; timezone: string }): PingExample[] {
  return [
    {
      id: "crontab",
      title: "Crontab",
      description: `Ping after the job succeeds, on the same expression; the machine's cron must keep ${timezone} time.`,
      code: `${cronExpression} /path/to/job.sh && ${CURL} ${pingUrl}`,
    },
    {
      id: "exit-status",
      title: "Start and exit status",
      description: "Report the start, then the job's exit status (0 is success, anything else a failure) with its output.",
      code: [`${CURL} ${pingUrl}/start`, "/path/to/job.sh > /tmp/job.log 2>&1", `${CURL} --data-binary @/tmp/job.log ${pingUrl}/$?`].join("\n"),
    },
    {
      id: "ci",
      title: "CI (GitHub Actions)",
      description: "Steps after the job's own: store the URL as the secret ALMANAC_PING_URL, since anyone holding it can report for this check.",
      code: [
        "- name: Report success to Almanac",
        "  if: success()",
        `  run: ${CURL} "\${{ secrets.ALMANAC_PING_URL }}"`,
        "- name: Report failure to Almanac",
        "  if: failure()",
        `  run: ${CURL} "\${{ secrets.ALMANAC_PING_URL }}/fail"`,
      ].join("\n"),
    },
  ];
}
