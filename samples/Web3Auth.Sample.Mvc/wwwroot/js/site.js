// Entry point of every page: header actions, live countdowns, avatars, the "session ended" banner, the session's
// live events (live.js), then the page's own module (body[data-page]).
import { auth } from "./app.js";
import { friendlyMessage, SESSION_ENDED_EVENT } from "./web3auth-client.js";
import { el, paintAvatars, startCountdowns } from "./ui.js";

paintAvatars();
startCountdowns();

for (const button of document.querySelectorAll("[data-action=sign-out]")) {
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await auth.signOut();
    } catch {
      // Already ended: either way the visitor is signed out now.
    }
    location.assign("/?ended=signed-out");
  });
}

window.addEventListener(SESSION_ENDED_EVENT, (event) => {
  const banner = document.getElementById("banner");
  const returnUrl = location.pathname === "/" ? "" : `&returnUrl=${encodeURIComponent(location.pathname)}`;
  banner.hidden = false;
  banner.dataset.code = "session_ended";
  banner.replaceChildren(
    el("span", {}, friendlyMessage(event.detail)),
    el("a", { className: "btn btn-small btn-primary", href: `/?ended=expired${returnUrl}` }, "Sign in again"));
  const account = document.querySelector("[data-testid=account]");
  account?.replaceChildren(el("span", { className: "account-out" }, "Signed out"));
});

const page = document.body.dataset.page;
// Signed in: follow the session live (live.js); the sessions page follows the whole list instead.
if (document.querySelector("[data-testid=session-countdown]") && page !== "sessions") {
  const { watchSession } = await import("./live.js");
  watchSession();
}
if (page) {
  await import(`./pages/${page}.js`);
}
