// The sign-in form: find wallets (EIP-6963), pick permissions, one signature, done.
import { auth, preferredWallet, rememberWallet } from "../app.js";
import { discoverWallets, friendlyMessage, switchChain, Web3AuthError, WalletErrors } from "../web3auth-client.js";
import { el, hideStatus, shortDidKey, showStatus } from "../ui.js";

const form = document.getElementById("signin");
if (form) {
  await setUpSignIn(form);
}

async function setUpSignIn(card) {
  const list = document.getElementById("wallets");
  const button = document.getElementById("sign-in");
  const status = document.getElementById("signin-status");
  const preview = document.getElementById("message-preview");
  const allowedChains = card.dataset.chains.split(",").map(Number);

  const wallets = await discoverWallets();
  let chosen = preferredWallet(wallets);

  if (wallets.length === 0) {
    list.replaceChildren(el("p", { className: "muted" }, "No wallet found."));
    const error = new Web3AuthError(WalletErrors.noWallet, "No Ethereum wallet was found in this browser.");
    showStatus(status, "error", friendlyMessage(error), { code: error.code });
    return;
  }

  const render = () => {
    list.replaceChildren(...wallets.map((wallet) => {
      const selected = wallet === chosen;
      const option = el("button", {
        type: "button",
        className: selected ? "wallet selected" : "wallet",
        role: "radio",
        ariaChecked: String(selected),
        dataset: { testid: "wallet-option", rdns: wallet.info.rdns },
        onclick: () => {
          chosen = wallet;
          render();
        },
      },
      wallet.info.icon?.startsWith("data:image/")
        ? el("img", { src: wallet.info.icon, alt: "", width: 28, height: 28 })
        : el("span", { className: "wallet-icon-fallback", ariaHidden: "true" }),
      el("span", {}, wallet.info.name));
      return option;
    }));
    button.textContent = `3. Sign in with ${chosen.info.name}`;
  };
  render();
  button.disabled = false;

  button.addEventListener("click", async () => {
    const wallet = chosen;
    const permissions = [...card.querySelectorAll("input[name=permission]:checked")].map((input) => input.value);
    const lifetime = Number(document.getElementById("lifetime").value);
    button.disabled = true;
    preview.hidden = true;
    showStatus(status, "pending", `Open ${wallet.info.name} to share your account…`, { code: "connecting" });

    try {
      await auth.signIn(wallet.provider, {
        permissions,
        lifetime,
        onChallenge: (challenge) => {
          preview.querySelector("pre").textContent = challenge.message;
          preview.hidden = false;
          const count = challenge.permissions.length;
          // A key-bound session's message names this browser's session key as its URI.
          const key = /^URI: (did:key:\S+)$/m.exec(challenge.message)?.[1];
          showStatus(status, "pending",
            `Check ${wallet.info.name}: sign the message to grant ${count} permission${count === 1 ? "" : "s"} to this site` +
            (key ? `, delegated to this browser's session key (the URI ${shortDidKey(key)}).` : ".") + " Signing costs nothing.",
            { code: "signing" });
        },
      });
      rememberWallet(wallet.info);
      showStatus(status, "success", "Signed in. Opening your account…", { code: "signed_in" });
      location.assign(card.dataset.returnUrl || "/");
    } catch (error) {
      button.disabled = false;
      const action = error.code === "chain_not_allowed" ? {
        label: "Switch network",
        onClick: async () => {
          try {
            await switchChain(wallet.provider, allowedChains[0]);
            hideStatus(status);
          } catch (switchError) {
            showStatus(status, "error", friendlyMessage(switchError), { code: switchError.code });
          }
        },
      } : undefined;
      showStatus(status, "error", friendlyMessage(error), { code: error.code ?? "error", action });
    }
  });
}
