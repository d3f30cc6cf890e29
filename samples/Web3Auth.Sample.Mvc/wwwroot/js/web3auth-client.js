// web3auth-client.js: a small browser client for Web3Auth.AspNetCore. Plain ES module, no dependencies, no build.
// Copy it into your own front end.
//
//   import { discoverWallets, Web3AuthClient, friendlyMessage } from "./web3auth-client.js";
//   const [wallet] = await discoverWallets();                       // EIP-6963, falls back to window.ethereum
//   const auth = new Web3AuthClient();                               // cookie transport; { transport: "bearer" } keeps the token in memory
//   const session = await auth.signIn(wallet.provider, { permissions: ["profile/read"] });   // challenge, personal_sign, session
//   const profile = await auth.fetchJson("/api/profile");           // throws Web3AuthError on 401/403/503/...
//
// Every failure is a Web3AuthError whose `code` is the server's stable `error` (docs/http-api.md) or one of the
// wallet-side codes below; friendlyMessage(error) turns it into a sentence for the page.

/** Wallet-side error codes (the server's codes are in docs/http-api.md). */
export const WalletErrors = Object.freeze({
  noWallet: "no_wallet",
  noAccount: "no_account",
  userRejected: "user_rejected",       // EIP-1193 4001
  unauthorized: "wallet_unauthorized", // EIP-1193 4100
  requestPending: "request_pending",   // -32002: the wallet already shows a request
  walletError: "wallet_error",
  network: "network_error",
});

/** An error of the sign-in flow or of an API call. */
export class Web3AuthError extends Error {
  /**
   * @param {string} code stable code: the server's `error` member or one of WalletErrors
   * @param {string} message human-readable detail
   * @param {{ status?: number, problem?: object, scope?: string[], retryAfter?: number, cause?: unknown }} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message, { cause: extra.cause });
    this.name = "Web3AuthError";
    this.code = code;
    this.status = extra.status ?? 0;
    this.problem = extra.problem ?? null;
    this.scope = extra.scope ?? [];
    this.retryAfter = extra.retryAfter ?? 0;
  }

  /** Field errors of a 400 validation problem ({ name: ["…"] }), if any. */
  get fieldErrors() {
    return this.problem?.errors ?? {};
  }
}

/** Fired on window when a request finds the session gone (401 invalid_token), so every part of the page can react. */
export const SESSION_ENDED_EVENT = "web3auth:session-ended";

/**
 * Finds the wallets in this browser. EIP-6963: every wallet announces itself in answer to eip6963:requestProvider;
 * a lone legacy wallet is found at window.ethereum instead.
 * @returns {Promise<Array<{ info: { uuid: string, name: string, icon: string, rdns: string }, provider: object }>>}
 */
export function discoverWallets({ timeout = 300 } = {}) {
  return new Promise((resolve) => {
    const found = new Map();
    const onAnnounce = (event) => {
      const detail = event.detail;
      if (detail?.info?.uuid && typeof detail.provider?.request === "function" && !found.has(detail.info.uuid)) {
        found.set(detail.info.uuid, detail);
      }
    };
    window.addEventListener("eip6963:announceProvider", onAnnounce);
    window.dispatchEvent(new Event("eip6963:requestProvider"));
    setTimeout(() => {
      window.removeEventListener("eip6963:announceProvider", onAnnounce);
      const wallets = [...found.values()];
      if (wallets.length === 0 && typeof window.ethereum?.request === "function") {
        wallets.push({ info: { uuid: "window.ethereum", name: "Browser wallet", icon: "", rdns: "" }, provider: window.ethereum });
      }
      resolve(wallets);
    }, timeout);
  });
}

/** Sends an EIP-1193 request, turning wallet errors into Web3AuthError. */
export async function walletRequest(provider, method, params) {
  if (!provider) {
    throw new Web3AuthError(WalletErrors.noWallet, "No Ethereum wallet was found in this browser.");
  }
  try {
    return await provider.request(params === undefined ? { method } : { method, params });
  } catch (error) {
    const code = error?.code === 4001 ? WalletErrors.userRejected
      : error?.code === 4100 ? WalletErrors.unauthorized
      : error?.code === -32002 ? WalletErrors.requestPending
      : WalletErrors.walletError;
    throw new Web3AuthError(code, error?.message ?? String(error), { cause: error });
  }
}

/** Asks the wallet for an account and reads its chain. */
export async function connectWallet(provider) {
  const accounts = await walletRequest(provider, "eth_requestAccounts");
  if (!Array.isArray(accounts) || accounts.length === 0) {
    throw new Web3AuthError(WalletErrors.noAccount, "The wallet shared no account.");
  }
  const chainId = Number.parseInt(await walletRequest(provider, "eth_chainId"), 16);
  return { address: accounts[0], chainId };
}

/** Asks the wallet to switch network (EIP-3326), e.g. switchChain(provider, 1). */
export function switchChain(provider, chainId) {
  return walletRequest(provider, "wallet_switchEthereumChain", [{ chainId: "0x" + chainId.toString(16) }]);
}

/**
 * personal_sign (EIP-191) of the exact message text. The message goes hex-encoded as UTF-8, which every wallet
 * decodes and shows as text.
 */
export function personalSign(provider, message, address) {
  const hex = Array.from(new TextEncoder().encode(message), (b) => b.toString(16).padStart(2, "0")).join("");
  return walletRequest(provider, "personal_sign", ["0x" + hex, address]);
}

/** The client of one site: sign-in, renewal, sessions, and a fetch wrapper for the app's own API. */
export class Web3AuthClient {
  #token = null;

  /**
   * @param {{ prefix?: string, transport?: "cookie" | "bearer", retries?: number }} [options]
   *   prefix: where MapWeb3SessionKeys() mapped the endpoints; transport: "cookie" (HttpOnly session cookie, the
   *   token never touches script) or "bearer" (token kept in this object's memory); retries: 503 retries of safe requests.
   */
  constructor({ prefix = "/auth/web3", transport = "cookie", retries = 2 } = {}) {
    this.prefix = prefix;
    this.transport = transport;
    this.retries = retries;
  }

  /**
   * Signs in: asks the server for a challenge, has the wallet sign it once, and opens the session.
   * @param {object} provider an EIP-1193 provider
   * @param {{ permissions?: string[], lifetime?: number, onChallenge?: (challenge: object) => void }} [options]
   *   onChallenge sees the message before the wallet opens (to show it on the page).
   */
  async signIn(provider, { permissions, lifetime, onChallenge } = {}) {
    const { address, chainId } = await connectWallet(provider);
    const challenge = await this.#post("/challenge", { address, chainId, permissions, lifetime });
    onChallenge?.(challenge);
    const signature = await personalSign(provider, challenge.message, address);
    return this.#openSession(challenge.message, signature);
  }

  /**
   * Renews the current session with one more signature: later expiry, same or more permissions, new token.
   * The session is the one this client is signed in with (its cookie or bearer token).
   */
  async renew(provider, { permissions, lifetime, onChallenge } = {}) {
    const challenge = await this.#post("/challenge", { renew: true, permissions, lifetime });
    onChallenge?.(challenge);
    // Line 2 of an EIP-4361 message is the address that must sign it.
    const address = challenge.message.split("\n")[1];
    await walletRequest(provider, "eth_requestAccounts");
    const signature = await personalSign(provider, challenge.message, address);
    return this.#openSession(challenge.message, signature);
  }

  /** The current session: { sessionId, address, chainId, permissions: [{ name, expiresAt }], expiresAt }. */
  session() {
    return this.fetchJson(this.prefix + "/session");
  }

  /** Every live session of this address: [{ sessionId, createdAt, expiresAt, permissions, client, current }]. */
  sessions() {
    return this.fetchJson(this.prefix + "/sessions");
  }

  /** Ends the current session. */
  async signOut() {
    await this.fetchJson(this.prefix + "/session", { method: "DELETE" });
    this.#token = null;
  }

  /** Ends every session of this address, on every device. */
  async signOutEverywhere() {
    await this.fetchJson(this.prefix + "/sessions", { method: "DELETE" });
    this.#token = null;
  }

  /** Ends one session of this address. */
  revokeSession(sessionId) {
    return this.fetchJson(`${this.prefix}/sessions/${encodeURIComponent(sessionId)}`, { method: "DELETE" });
  }

  /** Drops one permission from the current session, e.g. "notes/write". */
  revokePermission(name) {
    return this.fetchJson(`${this.prefix}/session/permissions/${name.split("/").map(encodeURIComponent).join("/")}`, { method: "DELETE" });
  }

  /**
   * fetch() for the app's own API: sends JSON, authenticates (cookie or bearer), and returns the parsed body
   * (null for 204). Throws Web3AuthError: a dead session (401 invalid_token) also fires SESSION_ENDED_EVENT; 403 names the missing permissions in
   * `scope`; 503 is retried for GET/HEAD after Retry-After, then thrown with `retryAfter`.
   * @param {string} url
   * @param {{ method?: string, body?: unknown, headers?: Record<string, string>, signal?: AbortSignal }} [init]
   */
  async fetchJson(url, { method = "GET", body, headers = {}, signal } = {}) {
    const request = { method, headers: { Accept: "application/json", ...headers }, credentials: "same-origin", signal };
    if (body !== undefined) {
      request.headers["Content-Type"] = "application/json";
      request.body = JSON.stringify(body);
    }
    if (this.transport === "bearer" && this.#token) {
      request.headers.Authorization = `Bearer ${this.#token}`;
    }

    const safe = method === "GET" || method === "HEAD";
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await fetch(url, request);
      } catch (error) {
        if (error?.name === "AbortError") throw error;
        throw new Web3AuthError(WalletErrors.network, "The server could not be reached.", { cause: error });
      }

      if (response.ok) {
        return response.status === 204 ? null : readBody(response);
      }

      const error = await toError(response);
      if (error.status === 503 && safe && attempt < this.retries) {
        await delay(Math.min(error.retryAfter || 1, 10) * 1000);
        continue;
      }
      if (error.code === "invalid_token") {
        this.#token = null;
        window.dispatchEvent(new CustomEvent(SESSION_ENDED_EVENT, { detail: error }));
      }
      throw error;
    }
  }

  async #post(path, body) {
    return this.fetchJson(this.prefix + path, { method: "POST", body });
  }

  async #openSession(message, signature) {
    const session = await this.#post("/session", { message, signature });
    // With the cookie transport the HttpOnly cookie is the credential: drop the token so no script can read it.
    if (this.transport === "bearer") {
      this.#token = session.token;
    }
    delete session.token;
    delete session.tokenType;
    return session;
  }
}

/** A sentence for the page. Pass the error thrown by any function of this module. */
export function friendlyMessage(error) {
  if (!(error instanceof Web3AuthError)) {
    return "Something went wrong. Please try again.";
  }
  switch (error.code) {
    case WalletErrors.noWallet:
      return "No Ethereum wallet was found in this browser. Install a wallet extension (MetaMask, Rabby, Coinbase Wallet, …), then reload this page.";
    case WalletErrors.noAccount:
      return "Your wallet did not share an account. Unlock it, choose an account, and try again.";
    case WalletErrors.userRejected:
      return "You declined the request in your wallet. Nothing was signed and nothing was shared; sign in whenever you are ready.";
    case WalletErrors.unauthorized:
      return "Your wallet has not connected this account to this site. Connect it in the wallet and try again.";
    case WalletErrors.requestPending:
      return "Your wallet already shows a request from this site. Open the wallet to answer it.";
    case WalletErrors.walletError:
      return `Your wallet reported an error: ${error.message}`;
    case WalletErrors.network:
      return "The server could not be reached. Check your connection and try again.";
    case "chain_not_allowed":
      return `Your wallet is on a network this site does not accept. ${error.message}`;
    case "invalid_nonce":
    case "message_expired":
      return "This sign-in request expired before it was signed (a request is valid for a few minutes). Please sign in again.";
    case "invalid_signature":
      return "The signature does not match the account. Make sure the wallet signs with the account you connected.";
    case "message_mismatch":
    case "domain_mismatch":
    case "uri_mismatch":
    case "malformed_message":
      return `The signed message was refused: ${error.message}`;
    case "login_refused":
      return `This site refused the sign-in: ${error.message}`;
    case "invalid_token":
      return "Your session has ended: it expired, was revoked, or you signed out elsewhere. Sign in again to continue.";
    case "insufficient_scope":
      return `Refused (403): this session was not granted ${error.scope.map((s) => `“${s}”`).join(" and ") || "the permission this needs"}. Sign in again and tick it to allow this.`;
    case "csrf_rejected":
      return "Refused: the request did not come from this site.";
    case "store_unavailable":
      return `The sign-in service is briefly unavailable. Try again in ${error.retryAfter || "a few"} seconds.`;
    default: {
      const field = Object.values(error.fieldErrors)[0]?.[0];
      return field ?? error.message ?? "Something went wrong. Please try again.";
    }
  }
}

async function readBody(response) {
  const type = response.headers.get("Content-Type") ?? "";
  return type.includes("json") ? response.json() : response.text();
}

async function toError(response) {
  let problem = null;
  if ((response.headers.get("Content-Type") ?? "").includes("json")) {
    problem = await response.json().catch(() => null);
  }
  const code = problem?.error
    ?? ({ 400: "invalid_request", 401: "invalid_token", 403: "forbidden", 404: "not_found", 503: "store_unavailable" }[response.status] ?? "http_" + response.status);
  // RFC 6750: WWW-Authenticate: Bearer error="insufficient_scope", scope="profile/write"
  const scope = /scope="([^"]*)"/.exec(response.headers.get("WWW-Authenticate") ?? "")?.[1]?.split(" ").filter(Boolean) ?? [];
  const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10) || 0;
  const message = problem?.detail ?? problem?.title ?? `${response.status} ${response.statusText}`;
  return new Web3AuthError(code, message, { status: response.status, problem, scope, retryAfter });
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
