// What every page shares: the one client of this site, and which wallet the user chose last time.
import { discoverWallets, Web3AuthClient, Web3AuthError, WalletErrors } from "./web3auth-client.js";

/**
 * A key-bound session (the client's default): the API calls carry a DPoP proof by a non-extractable key kept in this
 * browser's IndexedDB. Page navigations ride on the HttpOnly session cookie, which no script can read.
 */
export const auth = new Web3AuthClient();

const walletKey = "web3auth-sample.wallet";

/** Remembers the wallet (by EIP-6963 rdns, stable across page loads) that signed in. */
export function rememberWallet(info) {
  try {
    localStorage.setItem(walletKey, info.rdns || info.name);
  } catch {
    // Storage may be disabled; the first wallet is chosen next time.
  }
}

/** The wallet chosen last time if it is still here, else the first one found. */
export function preferredWallet(wallets) {
  let remembered = null;
  try {
    remembered = localStorage.getItem(walletKey);
  } catch {
    remembered = null;
  }
  return wallets.find((w) => (w.info.rdns || w.info.name) === remembered) ?? wallets[0] ?? null;
}

/** Finds the wallet to sign with again (renewal), or throws no_wallet. */
export async function walletForRenewal() {
  const wallet = preferredWallet(await discoverWallets());
  if (!wallet) {
    throw new Web3AuthError(WalletErrors.noWallet, "No Ethereum wallet was found in this browser.");
  }
  return wallet;
}
