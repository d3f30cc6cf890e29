// Sessions: every session of this address (GET /auth/web3/sessions), revoke one, drop a permission of this one,
// sign out everywhere, renew with one more signature. Each session says whether it is bound to a key, and which one
// is the background worker's; the worker card below authorizes it (worker-card.js). The list follows the address's
// sessions live (GET /auth/web3/sessions/events through auth.watchSessions()): sessions signed in, renewed, changed or
// ended anywhere appear, change or go without a reload.
import { auth, walletForRenewal } from "../app.js";
import { showLiveState, showSession } from "../live.js";
import { friendlyMessage } from "../web3auth-client.js";
import { countdown, describeClient, el, formatAgo, shortDidKey, showStatus } from "../ui.js";
import { isWorkerSession, loadWorker, startWorkerCard } from "../worker-card.js";

const list = document.getElementById("session-list");
const currentPermissions = document.getElementById("current-permissions");
const currentExpiry = document.querySelector("[data-testid=current-expiry]");
const status = document.getElementById("sessions-status");
const renew = document.getElementById("renew");
const everywhere = document.getElementById("sign-out-everywhere");

function fail(error) {
  showStatus(status, "error", friendlyMessage(error), { code: error.code });
}

function permissionChip(permission, { removable }) {
  return el("li", { className: "perm granted", dataset: { permission: permission.name } },
    el("span", { className: "perm-icon", ariaHidden: "true" }, "✓"),
    el("span", { className: "perm-text" }, el("code", {}, permission.name)),
    el("span", { className: "perm-until" }, "ends ", countdown(permission.expiresAt)),
    removable
      ? el("button", {
        type: "button",
        className: "btn btn-ghost btn-small",
        title: `Drop ${permission.name} from this session`,
        dataset: { testid: "drop-permission" },
        onclick: () => dropPermission(permission.name),
      }, "Drop")
      : null);
}

function sessionItem(session) {
  const ofWorker = isWorkerSession(session);
  return el("li", { className: session.current ? "session current" : "session", dataset: { sessionId: session.sessionId, testid: "session", worker: ofWorker } },
    el("div", { className: "session-head" },
      el("strong", { dataset: { testid: "session-client" } }, describeClient(session.client)),
      session.current ? el("span", { className: "pill pill-ok" }, "this browser") : null,
      ofWorker ? el("span", { className: "pill pill-worker" }, "background worker") : null,
      el("span", { className: "muted" }, `signed in ${formatAgo(new Date(session.createdAt))}`),
      el("span", { className: "session-expiry" }, "ends ", countdown(session.expiresAt))),
    keyBinding(session),
    el("ul", { className: "chips" }, ...(session.permissions.length
      ? session.permissions.map((p) => el("li", { className: "chip" }, p.name))
      : [el("li", { className: "chip chip-empty" }, "no permissions")])),
    el("button", {
      type: "button",
      className: "btn btn-small",
      dataset: { testid: session.current ? "revoke-current" : "revoke-session" },
      onclick: () => revoke(session),
    }, session.current ? "Sign out this browser" : "Revoke"));
}

// "bound to key did:key:zDnaer…U2169": a key-bound session works only with that key's proofs.
function keyBinding(session) {
  if (!session.sessionKey) {
    return el("p", { className: "session-key muted", dataset: { testid: "session-key" } }, "bearer token, not bound to a key");
  }
  return el("p", { className: "session-key", dataset: { testid: "session-key", sessionKey: session.sessionKey } },
    "bound to key ",
    el("code", { title: session.sessionKey }, shortDidKey(session.sessionKey)),
    session.current ? el("span", { className: "muted" }, " (this browser's session key, which cannot leave it)") : null,
    isWorkerSession(session) ? el("span", { className: "muted" }, " (the background worker's key: only the worker can use this session)") : null);
}

function showCurrentPermissions(permissions) {
  currentPermissions.replaceChildren(...(permissions.length
    ? permissions.map((p) => permissionChip(p, { removable: true }))
    : [el("li", { className: "perm refused" }, el("span", { className: "perm-text muted" }, "This session holds no permissions."))]));
}

async function load() {
  const [current, sessions] = await Promise.all([auth.session(), auth.sessions(), loadWorker()]);
  currentExpiry.dataset.countdown = current.expiresAt;
  showCurrentPermissions(current.permissions);
  // While the live stream is connected it decides which sessions are listed (a snapshot fetched meanwhile can be older
  // than its events); the snapshot only redraws those still shown, e.g. with the worker's key loadWorker() learned.
  if (list.dataset.live !== "connected") {
    list.replaceChildren(...sessions.map(sessionItem));
  } else {
    for (const session of sessions) {
      [...list.children].find((li) => li.dataset.sessionId === session.sessionId)?.replaceWith(sessionItem(session));
    }
  }
  return sessions;
}

// This browser's session changed (renewed here or elsewhere, a permission dropped or lapsed): its end, the header,
// and its permissions — a new one is added, one that ended greys out.
function showCurrent(session) {
  currentExpiry.dataset.countdown = session.expiresAt;
  const shown = new Set([...currentPermissions.querySelectorAll(".perm[data-permission]")].map((item) => item.dataset.permission));
  if (session.permissions.some((p) => !shown.has(p.name))) {
    showCurrentPermissions(session.permissions);
  }
  showSession(session);
}

// One session, new or changed: replaced where it is, or put first (the list is newest first).
function upsert(session) {
  const item = sessionItem(session);
  const existing = [...list.children].find((li) => li.dataset.sessionId === session.sessionId);
  if (existing) {
    existing.replaceWith(item);
  } else {
    list.prepend(item);
  }
  if (session.current) {
    showCurrent(session);
  }
}

function watchList() {
  list.dataset.live = "connecting";
  showLiveState("connecting");
  const watcher = auth.watchSessions();
  const on = (type, handle) => watcher.addEventListener(type, (event) => {
    list.dataset.live = "connected";
    showLiveState("connected", type);
    handle(event.detail);
  });
  on("connected", ({ sessions }) => {
    list.replaceChildren(...sessions.map(sessionItem));
    const current = sessions.find((s) => s.current);
    if (current) showCurrent(current);
  });
  on("sessionCreated", upsert);
  on("sessionUpdated", upsert);
  on("sessionEnded", ({ sessionId }) => {
    [...list.children].find((li) => li.dataset.sessionId === sessionId)?.remove();
  });
  watcher.addEventListener("error", () => {
    list.dataset.live = "reconnecting";
    showLiveState("reconnecting");
  });
  watcher.addEventListener("disconnected", ({ detail }) => {
    list.dataset.live = "ended";
    showLiveState(detail.reason === "closed" ? "off" : "ended", `disconnected:${detail.reason}`);
  });
}

async function revoke(session) {
  try {
    await auth.revokeSession(session.sessionId);
    if (session.current) {
      location.assign("/?ended=revoked");
      return;
    }
    showStatus(status, "success", isWorkerSession(session)
      ? "The worker's session is revoked: its next request is refused, and it stops acting for you."
      : "Session revoked. That device is signed out on its next request.", { code: "revoked" });
    await load();
  } catch (error) {
    fail(error);
  }
}

async function dropPermission(name) {
  try {
    await auth.revokePermission(name);
    showStatus(status, "success", `This session can no longer use ${name}.`, { code: "permission_dropped" });
    await load();
  } catch (error) {
    fail(error);
  }
}

renew.addEventListener("click", async () => {
  renew.disabled = true;
  try {
    const wallet = await walletForRenewal();
    showStatus(status, "pending", `Check ${wallet.info.name}: sign once more to keep this session for another hour.`, { code: "signing" });
    const session = await auth.renew(wallet.provider, { lifetime: 3600 });
    showStatus(status, "success", `Renewed: this session now ends at ${new Date(session.expiresAt).toLocaleTimeString()}.`, { code: "renewed" });
    await load();
  } catch (error) {
    fail(error);
  } finally {
    renew.disabled = false;
  }
});

everywhere.addEventListener("click", async () => {
  everywhere.disabled = true;
  try {
    await auth.signOutEverywhere();
    location.assign("/?ended=everywhere");
  } catch (error) {
    everywhere.disabled = false;
    fail(error);
  }
});

startWorkerCard({ onSessions: async () => (await load()) ?? [] });
watchList();

try {
  await load();
} catch (error) {
  fail(error);
}
