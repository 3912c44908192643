// The app's icons: lucide's drawings, rendered by a component of our own. lucide-react's component
// rebuilds every icon's attributes on each render (a dozen object spreads, class merging and a
// context read, about 20 µs an icon); the schedules page draws four icons per card, and that was
// a tenth of its server time (bench:api, docs/api.md). Here each icon's attributes and paths are
// made once, when this module loads, and a render is one element around them.
// The markup is lucide's own (icons.test.tsx compares the two), so its CSS and tests still apply.
import { createElement, type ReactElement, type SVGProps } from "react";
import type { LucideIconData, LucideIconNode } from "lucide-react";
import * as activity from "lucide-react/icons/activity";
import * as arrowRight from "lucide-react/icons/arrow-right";
import * as ban from "lucide-react/icons/ban";
import * as bell from "lucide-react/icons/bell";
import * as bellRing from "lucide-react/icons/bell-ring";
import * as bot from "lucide-react/icons/bot";
import * as calendarClock from "lucide-react/icons/calendar-clock";
import * as calendarX from "lucide-react/icons/calendar-x";
import * as check from "lucide-react/icons/check";
import * as chevronLeft from "lucide-react/icons/chevron-left";
import * as chevronRight from "lucide-react/icons/chevron-right";
import * as circleAlert from "lucide-react/icons/circle-exclamation-point";
import * as circleCheck from "lucide-react/icons/circle-check";
import * as circleDashed from "lucide-react/icons/circle-dashed";
import * as circleHelp from "lucide-react/icons/circle-question-mark";
import * as circleSlash from "lucide-react/icons/circle-slash";
import * as circleX from "lucide-react/icons/circle-x";
import * as clipboardPaste from "lucide-react/icons/clipboard-paste";
import * as clock from "lucide-react/icons/clock";
import * as copy from "lucide-react/icons/copy";
import * as download from "lucide-react/icons/download";
import * as flaskConical from "lucide-react/icons/flask-conical";
import * as hash from "lucide-react/icons/hash";
import * as history from "lucide-react/icons/rotate-ccw-clock";
import * as hourglass from "lucide-react/icons/hourglass";
import * as info from "lucide-react/icons/info";
import * as keyRound from "lucide-react/icons/key-round";
import * as layoutDashboard from "lucide-react/icons/layout-dashboard";
import * as link2 from "lucide-react/icons/link-2";
import * as loaderCircle from "lucide-react/icons/loader-circle";
import * as logOut from "lucide-react/icons/log-out";
import * as mail from "lucide-react/icons/mail";
import * as mailPlus from "lucide-react/icons/mail-plus";
import * as mapPin from "lucide-react/icons/map-pin";
import * as menu from "lucide-react/icons/menu";
import * as messageCircle from "lucide-react/icons/message-circle";
import * as messageSquare from "lucide-react/icons/message-square";
import * as messagesSquare from "lucide-react/icons/messages-square";
import * as pencil from "lucide-react/icons/pencil";
import * as play from "lucide-react/icons/play";
import * as plus from "lucide-react/icons/plus";
import * as radio from "lucide-react/icons/radio";
import * as refreshCw from "lucide-react/icons/refresh-cw";
import * as scrollText from "lucide-react/icons/scroll-text";
import * as search from "lucide-react/icons/search";
import * as searchX from "lucide-react/icons/search-x";
import * as send from "lucide-react/icons/send";
import * as sendHorizontal from "lucide-react/icons/send-horizontal";
import * as server from "lucide-react/icons/server";
import * as serverOff from "lucide-react/icons/server-off";
import * as settings from "lucide-react/icons/settings";
import * as slidersHorizontal from "lucide-react/icons/sliders-horizontal";
import * as sparkles from "lucide-react/icons/sparkles";
import * as squarePen from "lucide-react/icons/square-pen";
import * as terminal from "lucide-react/icons/terminal";
import * as timerOff from "lucide-react/icons/timer-off";
import * as trash2 from "lucide-react/icons/trash";
import * as triangleAlert from "lucide-react/icons/triangle-exclamation-point";
import * as users from "lucide-react/icons/users";
import * as usersRound from "lucide-react/icons/users-round";
import * as webhook from "lucide-react/icons/webhook";
import * as x from "lucide-react/icons/x";

export type IconProps = SVGProps<SVGSVGElement>;
/** An icon component; the name is kept from lucide-react, whose components these replace. */
export type LucideIcon = (props: IconProps) => ReactElement;

// lucide's default attributes, in React's names.
const SVG_DEFAULTS = {
  xmlns: "http://www.w3.org/2000/svg",
  width: 24,
  height: 24,
  viewBox: "0 0 24 24",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
} as const;

/** Whether the caller labelled the icon (lucide then leaves out aria-hidden, as here). */
function labelled(props: IconProps): boolean {
  for (const key in props) {
    if ((key.startsWith("aria-") || key === "role" || key === "title") && props[key as keyof IconProps] != null) return true;
  }
  return false;
}

function icon(module: object): LucideIcon {
  // Every icon module of lucide-react (lucide-react/icons/<name>) exports its drawing as __iconData,
  // except an old name's module, which only re-exports the component: the imports above name
  // the drawings' own modules (trash for Trash2, whose drawing lists trash-2 among its aliases).
  const data = (module as { __iconData?: LucideIconData }).__iconData;
  if (!data?.node) throw new Error("lucide-react/icons/* no longer exports __iconData: components/ui/icons.tsx needs another source of the drawings");
  const base = ["lucide", ...(data.name ? [`lucide-${data.name}`] : []), ...(data.aliases ?? []).filter((alias): alias is string => typeof alias === "string" && alias.trim() !== "").map((alias) => `lucide-${alias}`)].join(" ");
  // React elements are immutable: the same children serve every render.
  const build = ([tag, attrs, nested]: LucideIconNode): ReactElement => createElement(tag, attrs, nested?.map(build));
  const children = data.node.map(build);
  function Icon({ className, ...rest }: IconProps): ReactElement {
    const props = { ...SVG_DEFAULTS, className: className ? `${base} ${className}` : base, ...(labelled(rest) ? {} : { "aria-hidden": true }), ...rest };
    return createElement("svg", props, children);
  }
  Icon.displayName = data.name ?? "Icon";
  return Icon;
}

export const Activity = icon(activity);
export const ArrowRight = icon(arrowRight);
export const Ban = icon(ban);
export const Bell = icon(bell);
export const BellRing = icon(bellRing);
export const Bot = icon(bot);
export const CalendarClock = icon(calendarClock);
export const CalendarX = icon(calendarX);
export const Check = icon(check);
export const ChevronLeft = icon(chevronLeft);
export const ChevronRight = icon(chevronRight);
export const CircleAlert = icon(circleAlert);
export const CircleCheck = icon(circleCheck);
export const CircleDashed = icon(circleDashed);
export const CircleHelp = icon(circleHelp);
export const CircleSlash = icon(circleSlash);
export const CircleX = icon(circleX);
export const ClipboardPaste = icon(clipboardPaste);
export const Clock = icon(clock);
export const Copy = icon(copy);
export const Download = icon(download);
export const FlaskConical = icon(flaskConical);
export const Hash = icon(hash);
export const History = icon(history);
export const Hourglass = icon(hourglass);
export const Info = icon(info);
export const KeyRound = icon(keyRound);
export const LayoutDashboard = icon(layoutDashboard);
export const Link2 = icon(link2);
export const LoaderCircle = icon(loaderCircle);
export const LogOut = icon(logOut);
export const Mail = icon(mail);
export const MailPlus = icon(mailPlus);
export const MapPin = icon(mapPin);
export const Menu = icon(menu);
export const MessageCircle = icon(messageCircle);
export const MessageSquare = icon(messageSquare);
export const MessagesSquare = icon(messagesSquare);
export const Pencil = icon(pencil);
export const Play = icon(play);
export const Plus = icon(plus);
export const Radio = icon(radio);
export const RefreshCw = icon(refreshCw);
export const ScrollText = icon(scrollText);
export const Search = icon(search);
export const SearchX = icon(searchX);
export const Send = icon(send);
export const SendHorizontal = icon(sendHorizontal);
export const Server = icon(server);
export const ServerOff = icon(serverOff);
export const Settings = icon(settings);
export const SlidersHorizontal = icon(slidersHorizontal);
export const Sparkles = icon(sparkles);
export const SquarePen = icon(squarePen);
export const Terminal = icon(terminal);
export const TimerOff = icon(timerOff);
export const Trash2 = icon(trash2);
export const TriangleAlert = icon(triangleAlert);
export const Users = icon(users);
export const UsersRound = icon(usersRound);
export const Webhook = icon(webhook);
export const X = icon(x);
