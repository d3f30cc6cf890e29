// Live updates of every signed-in page (GET /auth/web3/session/events through auth.watch()): the header's countdown
// follows the session's end, and each permission shown on the page greys out when it lapses or is revoked — at its
// end by the page's own clock, and whenever the server says so — without a reload. The sessions page follows the
// whole list instead (pages/sessions.js) and calls showSession() itself.
import { auth } from "./app.js";
import { markLapsed } from "./ui.js";

const header = document.querySelector("[data-testid=session-countdown]");

/** Shows a session snapshot ({ expiresAt, permissions: [{ name, expiresAt }] }) in the header and the permission lists. */
export function showSession(session) {
  const time = header?.querySelector("time[data-countdown]");
  if (time) {
    time.dataset.countdown = session.expiresAt;
    time.dateTime = session.expiresAt;
  }
  const live = new Map(session.permissions.map((p) => [p.name, p.expiresAt]));
  for (const item of document.querySelectorAll(".perm[data-permission]")) {
    const until = live.get(item.dataset.permission);
    if (until && Date.parse(until) > Date.now()) {
      item.querySelector("time[data-countdown]")?.setAttribute("data-countdown", until);
    } else if (item.dataset.granted === "true") {
      markLapsed(item);
    }
  }
}

/** The live state in the header (data-live: connecting, connected, reconnecting, ended) and the last event, for people and tests. */
export function showLiveState(state, event = "") {
  if (!header) return;
  header.dataset.live = state;
  if (event) header.dataset.lastEvent = event;
  header.classList.toggle("session-ends-ended", state === "ended");
}

/** Starts following the current session; the session-ended banner comes from SESSION_ENDED_EVENT (site.js). */
export function watchSession() {
  showLiveState("connecting");
  const watcher = auth.watch();
  watcher.addEventListener("connected", (event) => {
    showLiveState("connected", "connected");
    showSession(event.detail);
  });
  watcher.addEventListener("expirationsUpdated", (event) => {
    showLiveState("connected", `expirationsUpdated:${event.detail.reason}`);
    showSession(event.detail);
  });
  watcher.addEventListener("error", () => showLiveState("reconnecting"));
  watcher.addEventListener("disconnected", (event) => {
    showLiveState(event.detail.reason === "closed" ? "off" : "ended", `disconnected:${event.detail.reason}`);
    if (event.detail.reason !== "closed") {
      document.querySelectorAll(".perm[data-permission][data-granted=true]").forEach(markLapsed);
    }
  });
  return watcher;
}
