"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Menu, MessageSquare, X } from "@/components/ui/icons";
import type { PublicUser } from "@/lib/users/accounts";
import { useAssistant } from "../assistant/AssistantProvider";
import { cn } from "../ui/cn";
import { TeamSwitcher } from "../teams/TeamSwitcher";
import { Brand } from "./Brand";
import { SignOutButton } from "./SignOutButton";
import { activeHref, navigation } from "./nav";

const PANEL_ID = "app-sidebar";

/** Fixed sidebar from md up; below that a top bar whose menu button slides the same panel in. */
export function Sidebar({ user }: { user: PublicUser }) {
  const pathname = usePathname();
  const current = activeHref(pathname);
  const [open, setOpen] = useState(false);
  const assistant = useAssistant();
  const menuButton = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  useEffect(() => {
    if (open) closeButton.current?.focus();
    else if (wasOpen.current) menuButton.current?.focus();
    wasOpen.current = open;
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [open]);

  return (
    <>
      <header className="sticky top-0 z-30 flex h-14 items-center justify-between border-b border-zinc-200 bg-white/90 px-4 backdrop-blur md:hidden dark:border-white/10 dark:bg-zinc-900/90">
        <Link href="/" className="rounded-lg focus-visible:outline-2 focus-visible:outline-brand-600">
          <Brand />
        </Link>
        <button
          ref={menuButton}
          type="button"
          onClick={() => setOpen(true)}
          aria-controls={PANEL_ID}
          aria-expanded={open}
          className="-mr-2 inline-flex size-10 items-center justify-center rounded-lg text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          <Menu aria-hidden className="size-5" />
          <span className="sr-only">Open menu</span>
        </button>
      </header>

      {open && <div aria-hidden className="fixed inset-0 z-40 bg-zinc-950/50 md:hidden" onClick={() => setOpen(false)} />}

      <aside
        id={PANEL_ID}
        className={cn(
          "fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col border-r border-zinc-200 bg-white transition-transform duration-200 dark:border-white/10 dark:bg-zinc-900",
          "md:sticky md:top-0 md:z-auto md:h-dvh md:w-64 md:max-w-none md:translate-x-0 md:transition-none",
          // Off-screen but still focusable would trap keyboard users in an invisible menu.
          open ? "translate-x-0 shadow-xl" : "-translate-x-full max-md:invisible",
        )}
      >
        <div className="flex h-14 items-center justify-between px-4 md:h-16 md:px-5">
          <Link href="/" onClick={() => setOpen(false)} className="rounded-lg focus-visible:outline-2 focus-visible:outline-brand-600">
            <Brand />
          </Link>
          <button
            ref={closeButton}
            type="button"
            onClick={() => setOpen(false)}
            className="-mr-2 inline-flex size-10 items-center justify-center rounded-lg text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-600 md:hidden dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            <X aria-hidden className="size-5" />
            <span className="sr-only">Close menu</span>
          </button>
        </div>

        <TeamSwitcher onNavigate={() => setOpen(false)} />

        {assistant && (
          <div className="px-3 pt-3">
            <button
              type="button"
              aria-haspopup="dialog"
              // The phone menu closes first, so closing the chat gives focus back to its menu button.
              onClick={() => {
                setOpen(false);
                assistant.open();
              }}
              className="flex w-full items-center gap-3 rounded-lg px-2 py-2 text-sm font-medium text-zinc-700 ring-1 ring-inset ring-zinc-200 transition-colors hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-600 dark:text-zinc-300 dark:ring-white/10 dark:hover:bg-zinc-800 dark:hover:text-white"
            >
              <MessageSquare aria-hidden className="size-4 text-brand-600 dark:text-brand-500" />
              Ask @cron
            </button>
          </div>
        )}

        <nav aria-label="Main" className="flex-1 space-y-6 overflow-y-auto px-3 py-4">
          {navigation.map((section) => (
            <div key={section.title}>
              <p id={`nav-${section.title}`} className="px-2 text-xs font-semibold uppercase tracking-wider text-zinc-500 dark:text-zinc-400">
                {section.title}
              </p>
              <ul aria-labelledby={`nav-${section.title}`} className="mt-2 space-y-0.5">
                {section.items.map(({ href, label, icon: Icon }) => {
                  const active = href === current;
                  return (
                    <li key={href}>
                      <Link
                        href={href}
                        onClick={() => setOpen(false)}
                        aria-current={active ? "page" : undefined}
                        className={cn(
                          "flex items-center gap-3 rounded-lg px-2 py-2 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-brand-600",
                          active
                            ? "bg-brand-50 text-brand-700 dark:bg-brand-500/10 dark:text-white"
                            : "text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white",
                        )}
                      >
                        <Icon aria-hidden className={cn("size-4", active ? "text-brand-600 dark:text-brand-500" : "text-zinc-400")} />
                        {label}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </nav>

        <div className="border-t border-zinc-200 p-3 dark:border-white/10">
          <div className="flex items-center gap-3 px-2 py-2">
            <span
              aria-hidden
              className="flex size-8 shrink-0 items-center justify-center rounded-full bg-zinc-200 text-sm font-semibold uppercase text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200"
            >
              {(user.name || user.email).charAt(0)}
            </span>
            <div className="min-w-0">
              {user.name && <p className="truncate text-sm font-medium text-zinc-900 dark:text-white">{user.name}</p>}
              <p className={cn("truncate text-zinc-500 dark:text-zinc-400", user.name ? "text-xs" : "text-sm")}>{user.email}</p>
            </div>
          </div>
          <div className="mt-1">
            <SignOutButton />
          </div>
        </div>
      </aside>
    </>
  );
}
