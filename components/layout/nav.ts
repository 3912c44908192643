// The sidebar's links, as data: add a page here once it exists.
import { Clock, History, KeyRound, LayoutDashboard, Users, type LucideIcon } from "@/components/ui/icons";

export type NavItem = { href: string; label: string; icon: LucideIcon };
export type NavSection = { title: string; items: NavItem[] };

export const navigation: NavSection[] = [
  {
    title: "Work",
    items: [
      { href: "/", label: "Overview", icon: LayoutDashboard },
      { href: "/schedules", label: "Schedules", icon: Clock },
      { href: "/runs", label: "Runs", icon: History },
    ],
  },
  {
    title: "Settings",
    items: [
      { href: "/settings/team", label: "Team", icon: Users },
      { href: "/settings", label: "API tokens", icon: KeyRound },
    ],
  },
];

/** Whether `href` is the page at `pathname`: "/" only exactly, others also for their sub-pages. */
export function isActive(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The one item to mark at `pathname`: the most specific match (/settings/team over /settings). */
export function activeHref(pathname: string): string | undefined {
  const matches = navigation.flatMap((s) => s.items.map((i) => i.href)).filter((href) => isActive(href, pathname));
  return matches.sort((a, b) => b.length - a.length)[0];
}
