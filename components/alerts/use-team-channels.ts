"use client";

import { useEffect, useState } from "react";
import { api, errorMessage } from "@/lib/api";
import type { ChannelChoices } from "./AlertRulesEditor";

/** The alert channels of `teamId`, loaded once per team (none without a team to ask about). */
export function useTeamChannels(teamId: string | undefined): ChannelChoices {
  const [channels, setChannels] = useState<ChannelChoices>(teamId ? { status: "loading" } : { status: "ready", items: [] });
  useEffect(() => {
    if (!teamId) return;
    const controller = new AbortController();
    setChannels({ status: "loading" });
    api.channels
      .list(teamId, controller.signal)
      .then(({ items }) => setChannels({ status: "ready", items }))
      .catch((err: unknown) => !controller.signal.aborted && setChannels({ status: "error", message: errorMessage(err) }));
    return () => controller.abort();
  }, [teamId]);
  return channels;
}
