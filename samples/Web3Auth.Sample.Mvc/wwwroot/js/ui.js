// Small DOM helpers shared by the pages. User data only ever reaches the page through textContent.

/** Creates an element: el("li", { className: "x", dataset: { id } }, "text", child). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(node, rest);
  Object.assign(node.dataset, dataset ?? {});
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/**
 * Shows a message in a status box. kind: "pending" | "success" | "error" | "info".
 * code: a machine-readable reason (tests and styling read data-code). action: an optional button.
 */
export function showStatus(box, kind, text, { code = "", action } = {}) {
  box.hidden = false;
  box.className = `status status-${kind}`;
  box.dataset.kind = kind;
  box.dataset.code = code;
  const parts = [el("span", { className: "status-text" }, text)];
  if (action) {
    parts.push(el("button", { type: "button", className: "btn btn-small", onclick: action.onClick }, action.label));
  }
  box.replaceChildren(...parts);
}

export function hideStatus(box) {
  box.hidden = true;
  box.replaceChildren();
}

/** "in 59 min", "in 12 s", "ended". */
export function formatRemaining(milliseconds) {
  if (milliseconds <= 0) return "ended";
  const seconds = Math.floor(milliseconds / 1000);
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `in ${days} d ${hours} h`;
  if (hours > 0) return `in ${hours} h ${minutes} min`;
  if (minutes > 0) return `in ${minutes} min ${seconds % 60} s`;
  return `in ${seconds} s`;
}

/** "3 min ago". */
export function formatAgo(date) {
  const seconds = Math.max(0, Math.floor((Date.now() - date.getTime()) / 1000));
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return date.toLocaleDateString();
}

/** A <time> that counts down to `iso` (kept live by startCountdowns). */
export function countdown(iso) {
  const time = el("time", { dateTime: iso, dataset: { countdown: iso } });
  tick(time);
  return time;
}

let ticking = false;

/** Keeps every time[data-countdown] on the page up to date, once a second. */
export function startCountdowns() {
  document.querySelectorAll("time[data-countdown]").forEach(tick);
  if (!ticking) {
    ticking = true;
    setInterval(() => document.querySelectorAll("time[data-countdown]").forEach(tick), 1000);
  }
}

function tick(time) {
  const until = new Date(time.dataset.countdown);
  time.textContent = formatRemaining(until.getTime() - Date.now());
  time.title = until.toLocaleString();
  time.classList.toggle("ending", until.getTime() - Date.now() < 5 * 60 * 1000);
  // A granted permission whose end has come greys out at once, before the server's event says so.
  const permission = time.closest(".perm[data-permission][data-granted=true]");
  if (permission && until.getTime() <= Date.now()) {
    markLapsed(permission);
  }
}

/** Greys out a permission of a list (li.perm[data-permission]) that lapsed or was revoked: data-granted="false", data-lapsed="true". */
export function markLapsed(item) {
  item.classList.remove("granted");
  item.classList.add("refused", "lapsed");
  item.dataset.granted = "false";
  item.dataset.lapsed = "true";
  const icon = item.querySelector(".perm-icon");
  if (icon) icon.textContent = "–";
  const until = item.querySelector(".perm-until");
  if (until) {
    until.classList.add("muted");
    until.replaceChildren("ended");
  }
  item.querySelector("[data-testid=drop-permission]")?.remove();
}

/** A deterministic two-colour avatar from an address (no network, no identicon library). */
export function paintAvatar(node, address) {
  const hex = (address ?? "").toLowerCase().replace(/^0x/, "").padEnd(40, "0");
  const hue1 = Number.parseInt(hex.slice(0, 6), 16) % 360;
  const hue2 = (hue1 + 40 + (Number.parseInt(hex.slice(6, 10), 16) % 140)) % 360;
  const angle = Number.parseInt(hex.slice(10, 12), 16) % 360;
  node.style.background = `linear-gradient(${angle}deg, hsl(${hue1} 75% 58%), hsl(${hue2} 70% 45%))`;
}

export function paintAvatars(root = document) {
  root.querySelectorAll("[data-avatar]").forEach((node) => paintAvatar(node, node.dataset.avatar));
}

/** "0x5aAe…eAed". */
export function shortAddress(address) {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** "did:key:zDnaer…U2169". */
export function shortDidKey(did) {
  return did.length > 24 ? `${did.slice(0, 14)}…${did.slice(-5)}` : did;
}

/** A short name for a User-Agent hint: "Chrome on Linux". */
export function describeClient(userAgent) {
  if (!userAgent) return "Unknown client";
  const browser = /Edg\//.test(userAgent) ? "Edge"
    : /Firefox\//.test(userAgent) ? "Firefox"
    : /Chrom(e|ium)\//.test(userAgent) ? "Chrome"
    : /Safari\//.test(userAgent) ? "Safari"
    : userAgent.split(/[ /]/)[0];
  const os = /Windows/.test(userAgent) ? "Windows"
    : /Android/.test(userAgent) ? "Android"
    : /iPhone|iPad/.test(userAgent) ? "iOS"
    : /Mac OS X/.test(userAgent) ? "macOS"
    : /Linux/.test(userAgent) ? "Linux"
    : "";
  return os ? `${browser} on ${os}` : browser;
}
