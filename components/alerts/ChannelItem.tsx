"use client";

import { useState } from "react";
import { CircleCheck, CircleX, KeyRound, Pencil, Send, Trash2 } from "@/components/ui/icons";
import { api, errorMessage, type ChannelOut } from "@/lib/api";
import { Button } from "../ui/Button";
import { CHANNEL_TYPE_INFO, channelTarget } from "./channel-types";

type TestResult = { ok: true; status: number | null } | { ok: false; message: string };

type Props = {
  channel: ChannelOut;
  /** Admins get Send test, Edit, Rotate secret (webhooks) and Delete. */
  canManage: boolean;
  onEdit: () => void;
  onRotate: () => void;
  onDelete: () => void;
};

/** One channel: its name, type and (masked) target; for admins its actions and the last test's outcome. */
export function ChannelItem({ channel, canManage, onEdit, onRotate, onDelete }: Props) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const info = CHANNEL_TYPE_INFO[channel.type];
  const Icon = info.icon;
  const hidden = <span className="sr-only"> {channel.name}</span>;

  async function sendTest() {
    setTesting(true);
    setResult(null);
    try {
      const { status } = await api.channels.test(channel.teamId, channel.id);
      setResult({ ok: true, status });
    } catch (err) {
      setResult({ ok: false, message: errorMessage(err) });
    } finally {
      setTesting(false);
    }
  }

  return (
    <li className="px-5 py-3.5">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:gap-4">
        <div className="flex min-w-0 flex-1 items-start gap-3">
          <span className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-lg bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
            <Icon aria-hidden className="size-4" />
          </span>
          <div className="min-w-0 text-sm">
            <p className="flex flex-wrap items-center gap-x-2 font-medium text-zinc-900 dark:text-white">
              {channel.name}
              <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{info.label}</span>
            </p>
            <p className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400" title={channelTarget(channel)}>
              {channelTarget(channel)}
            </p>
          </div>
        </div>
        {canManage && (
          <div className="flex flex-wrap gap-1.5 sm:justify-end">
            <Button variant="secondary" size="sm" onClick={sendTest} pending={testing}>
              {!testing && <Send aria-hidden className="size-3.5" />}
              Send test{hidden}
            </Button>
            <Button variant="ghost" size="sm" onClick={onEdit}>
              <Pencil aria-hidden className="size-3.5" />
              Edit{hidden}
            </Button>
            {channel.type === "webhook" && (
              <Button variant="ghost" size="sm" onClick={onRotate}>
                <KeyRound aria-hidden className="size-3.5" />
                Rotate secret{hidden}
              </Button>
            )}
            <Button variant="ghost" size="sm" onClick={onDelete} className="text-red-700 hover:bg-red-50 hover:text-red-800 dark:text-red-400 dark:hover:bg-red-500/10">
              <Trash2 aria-hidden className="size-3.5" />
              Delete{hidden}
            </Button>
          </div>
        )}
      </div>
      <div aria-live="polite" className="sm:pl-11">
        {result?.ok === true && (
          <p className="mt-2 flex items-center gap-1.5 text-sm text-emerald-700 dark:text-emerald-400">
            <CircleCheck aria-hidden className="size-4 shrink-0" />
            Delivered{result.status !== null ? ` (${result.status})` : ""}
          </p>
        )}
        {result?.ok === false && (
          <p className="mt-2 flex items-start gap-1.5 text-sm text-red-700 dark:text-red-400">
            <CircleX aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span className="min-w-0 break-words">Not delivered: {result.message}</span>
          </p>
        )}
      </div>
    </li>
  );
}
