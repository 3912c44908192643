import Link from "next/link";
import { ArrowRight, Terminal } from "@/components/ui/icons";
import { buttonClasses } from "../ui/Button";
import { Card, CardBody, CardHeader } from "../ui/Card";
import { CodeBlock } from "../ui/CodeBlock";

export function GettingStartedCard({ origin }: { origin: string }) {
  const command = `curl -H "Authorization: Bearer <token>" ${origin}/api/v1/me`;
  return (
    <Card aria-labelledby="getting-started-title">
      <CardHeader
        titleId="getting-started-title"
        title="Getting started with the API"
        description="Everything in Almanac can be driven over its REST API, from scripts, CI or your own tools."
        icon={<Terminal aria-hidden className="size-4" />}
      />
      <CardBody>
        <ol className="space-y-5 text-sm text-zinc-700 dark:text-zinc-300">
          <li className="flex gap-3">
            <Step n={1} />
            <div className="min-w-0 flex-1 space-y-3">
              <p>Create an API token. It is shown once, so keep it somewhere safe, such as your password manager or CI secrets.</p>
              <Link href="/settings" className={buttonClasses("secondary", "sm")}>
                Create an API token
                <ArrowRight aria-hidden className="size-4" />
              </Link>
            </div>
          </li>
          <li className="flex gap-3">
            <Step n={2} />
            <div className="min-w-0 flex-1 space-y-3">
              <p>
                Send it as a Bearer token. This request answers with the account the token belongs to:
              </p>
              <CodeBlock code={command} />
            </div>
          </li>
        </ol>
      </CardBody>
    </Card>
  );
}

function Step({ n }: { n: number }) {
  return (
    <span
      aria-hidden
      className="flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700 dark:bg-brand-500/10 dark:text-brand-500"
    >
      {n}
    </span>
  );
}
