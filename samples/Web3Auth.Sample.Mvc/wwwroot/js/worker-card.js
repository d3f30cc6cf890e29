// "Authorize the background worker" on the sessions page: shows the worker's key (GET /api/worker), lets the user
// choose permissions and a lifetime, asks the server for a sign-in message naming the worker's key as sessionKey,
// shows it while the wallet signs, and hands the signed message to the site for the worker (POST
// /api/worker/delegation). The worker submits it itself, so the session's token is made in the worker.
import { auth, walletForRenewal } from "./app.js";
import { friendlyMessage } from "./web3auth-client.js";
import { el, shortDidKey, showStatus } from "./ui.js";

const card = document.getElementById("worker");
const state = card.querySelector("[data-testid=worker-state]");
const form = document.getElementById("worker-form");
const authorize = document.getElementById("worker-authorize");
const preview = document.getElementById("worker-message-preview");
const status = document.getElementById("worker-status");

// How long to keep looking for the worker's session after handing a message over, and how often.
const pickUpWait = 60_000;
const pickUpPoll = 1_000;

let worker = null;

/** The worker as the site knows it: { configured, connected, didKey, sessionKey, waiting, maxLifetime }. */
export async function loadWorker() {
  worker = await auth.fetchJson("/api/worker");
  if (!worker.configured) {
    state.replaceChildren("This site runs without a background worker (set Sample:Worker:Secret and start samples/Web3Auth.Sample.Worker; see the README).");
  } else if (!worker.connected) {
    state.replaceChildren("The background worker is not connected yet: start samples/Web3Auth.Sample.Worker, then reload this page.");
  } else {
    state.replaceChildren("The worker's key: ", el("code", { title: worker.didKey, dataset: { testid: "worker-did-key" } }, worker.didKey));
    state.dataset.didKey = worker.didKey;
  }
  form.disabled = !worker.connected;
  for (const option of document.getElementById("worker-lifetime").options) {
    option.disabled = Number(option.value) > worker.maxLifetime;
  }
  return worker;
}

/** Whether a listed session is the worker's: bound to its key. */
export function isWorkerSession(session) {
  return Boolean(worker?.didKey && session.sessionKey === worker.didKey);
}

/** Wires the button; `onSessions` reloads the page's session list and returns it. */
export function startWorkerCard({ onSessions }) {
  authorize.addEventListener("click", async () => {
    authorize.disabled = true;
    try {
      const permissions = [...form.querySelectorAll("input[name=worker-permission]:checked")].map((input) => input.value);
      const lifetime = Number(document.getElementById("worker-lifetime").value);
      const wallet = await walletForRenewal();
      const signed = await auth.signDelegation(wallet.provider, {
        sessionKey: worker.sessionKey,
        permissions,
        lifetime,
        onChallenge: (challenge) => {
          preview.querySelector("pre").textContent = challenge.message;
          preview.hidden = false;
          showStatus(status, "pending", `Check ${wallet.info.name}: the message names the worker's key ${shortDidKey(worker.didKey)} as its URI.`, { code: "signing" });
        },
      });
      await auth.fetchJson("/api/worker/delegation", { method: "POST", body: { message: signed.message, signature: signed.signature } });
      showStatus(status, "pending", "Signed and handed to the worker. Waiting for it to open its session…", { code: "handed-over" });
      await waitForWorkerSession(onSessions);
    } catch (error) {
      showStatus(status, "error", friendlyMessage(error), { code: error.code });
    } finally {
      authorize.disabled = false;
    }
  });
}

// Waits until the worker collected the message (GET /api/worker, not rate limited), then until its session shows in
// the list (the sign-in endpoints are rate limited, so that is asked for at most a few times).
async function waitForWorkerSession(onSessions) {
  const deadline = Date.now() + pickUpWait;
  while ((await loadWorker()).waiting && Date.now() < deadline) {
    await delay(pickUpPoll);
  }
  for (let attempt = 0; attempt < 10 && Date.now() < deadline; attempt++) {
    const opened = (await onSessions()).find(isWorkerSession);
    if (opened) {
      showStatus(status, "success", `The worker now acts for you until ${new Date(opened.expiresAt).toLocaleString()}. Revoke its session above to stop it.`, { code: "worker-authorized" });
      return;
    }
    await delay(pickUpPoll);
  }
  showStatus(status, "error", "The worker has not opened its session. Is it running? A signed message can be used only for a few minutes.", { code: "not-picked-up" });
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
