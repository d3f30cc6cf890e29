// web3auth-client.js: a small browser client for Web3Auth.AspNetCore. Plain ES module, no dependencies, no build.
// Copy it into your own front end.
//
//   import { discoverWallets, Web3AuthClient, friendlyMessage } from "./web3auth-client.js";
//   const [wallet] = await discoverWallets();                       // EIP-6963, falls back to window.ethereum
//   const auth = new Web3AuthClient();                               // key-bound session (DPoP); { transport: "bearer" } or "cookie" to opt out
//   const session = await auth.signIn(wallet.provider, { permissions: ["profile/read"] });   // challenge, personal_sign, session
//   const profile = await auth.fetchJson("/api/profile");           // a DPoP proof per call; throws Web3AuthError on 401/403/503/...
//   const signed = await auth.signDelegation(wallet.provider, { sessionKey: serviceJwk, permissions: ["notes/read"] }); // for a service's key
//
// A single-page app on another origin than the API passes the API's origin:
//
//   const auth = new Web3AuthClient({ baseUrl: "https://api.example.com" });   // DPoP (or "bearer"); never "cookie"
//   await auth.fetchJson("/api/profile");                                        // → https://api.example.com/api/profile
//
// The API must allow the page's origin by CORS (docs/configuration.md "A single-page app on another origin"). Such a
// client sends no cookies (fetch credentials "omit" unless you pass credentials: "include") and refuses the cookie
// transport: the API's SameSite=Strict cookie would not be kept, and its origin check refuses cookie writes from
// another origin, so the session would be opened and then lost.
//
// By default the session is bound to a key pair made here (WebCrypto ECDSA P-256, non-extractable) and kept in
// IndexedDB with the session's token: the wallet signs once to delegate the session to that key (the message's URI
// is its did:key), and every API call carries `Authorization: DPoP <token>` and a fresh proof signed by it
// (RFC 9449, docs/http-api.md "Key-bound sessions"). A copied token is useless without the key, and script can use
// the key only while it runs in this page. Signing out deletes the key.
//
// Live events (docs/http-api.md "Live session events"): auth.watch() follows the current session
// (GET {prefix}/session/events), auth.watchSessions() every session of the address (GET {prefix}/sessions/events).
// Each returns an EventTarget; auth.unwatch() (or watcher.close()) stops them.
//
//   const watcher = auth.watch();
//   watcher.addEventListener("connected", (e) => show(e.detail));            // { sessionId, expiresAt, permissions, … }
//   watcher.addEventListener("expirationsUpdated", (e) => show(e.detail));   // the same, plus reason
//   watcher.addEventListener("disconnected", (e) => e.detail.reason);        // "revoked" | "expired" | "unauthorized" | "closed"
//
// The stream is read with fetch() whatever the transport (a fresh DPoP proof per connection attempt, the cookie
// with "cookie"), never with the token in the URL; it reconnects with exponential backoff and jitter, bounded, and
// resumes with Last-Event-ID.
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

/** Where key-bound clients keep their sessions: this IndexedDB database and object store, one record per prefix. */
export const SessionKeyStorage = Object.freeze({ database: "web3auth", store: "session-keys" });

/** The ways a client can authenticate its API calls (the `transport` option). */
export const Transports = Object.freeze({
  dpop: "dpop",     // key-bound session: a non-extractable P-256 key in IndexedDB signs a DPoP proof per call
  cookie: "cookie", // HttpOnly session cookie only; the token never touches script
  bearer: "bearer", // the token in this object's memory, sent as Authorization: Bearer
});

/** Why a watcher stopped: the `reason` of its `disconnected` event. */
export const WatchEndReasons = Object.freeze({
  revoked: "revoked",           // the session was ended: signed out, revoked from another device, signed out everywhere
  expired: "expired",           // the session's time ran out
  unauthorized: "unauthorized", // the server no longer accepts the credential (401), e.g. it ended while offline
  closed: "closed",             // unwatch() or close(), or the server refused the stream for good (detail.error)
});

/** The client of one site: sign-in, renewal, sessions, live events, and a fetch wrapper for the app's own API. */
export class Web3AuthClient {
  #token = null;    // bearer transport (or a server that answered a bearer session): the token, in memory only
  #nonce = null;    // the latest DPoP-Nonce the server sent
  #keys;            // dpop transport: the session key and its token, in IndexedDB
  #watchers = new Set();

  /**
   * @param {{ baseUrl?: string, prefix?: string, transport?: "dpop" | "cookie" | "bearer", credentials?: RequestCredentials,
   *   retries?: number }} [options]
   *   baseUrl: the API's origin when it is not this page's (e.g. "https://api.example.com"); the prefix and relative
   *   URLs given to fetchJson resolve against it. prefix: where MapWeb3SessionKeys() mapped the endpoints. credentials:
   *   fetch()'s credentials mode, "same-origin" by default (the cookie goes to this page's own origin only, so a
   *   cross-origin API gets none); "include" sends the API's cookie too (its CORS policy must allow credentials).
   *   transport: "dpop" (the default) binds the session to
   *   a non-extractable P-256 key that stays in this browser's IndexedDB with the token, and signs a DPoP proof for
   *   every call: a copied token is useless without the key (pages still ride on the session cookie, if the server
   *   sets one). "cookie": the HttpOnly session cookie only, the token never touches script. "bearer": no key, the
   *   token in this object's memory. "cookie" is refused for an API on another origin (a TypeError): that session
   *   would be opened and its cookie not kept. retries: 503 retries of safe requests.
   */
  constructor({ baseUrl, prefix = "/auth/web3", transport = Transports.dpop, credentials = "same-origin", retries = 2 } = {}) {
    if (!Object.values(Transports).includes(transport)) {
      throw new TypeError(`transport must be one of ${Object.values(Transports).join(", ")}, not "${transport}".`);
    }
    if (!["omit", "same-origin", "include"].includes(credentials)) {
      throw new TypeError(`credentials must be "omit", "same-origin" or "include", not "${credentials}".`);
    }
    this.baseUrl = new URL(baseUrl ?? location.href, location.href).href;
    this.crossOrigin = new URL(this.baseUrl).origin !== location.origin;
    if (transport === Transports.cookie && (this.crossOrigin || credentials === "omit")) {
      throw new TypeError(this.crossOrigin
        ? `The cookie transport needs the API on this page's origin (${location.origin}), not ${new URL(this.baseUrl).origin}: its SameSite=Strict cookie would not be kept, and cookie requests from another origin are refused. Use "dpop" (the default) or "bearer".`
        : "The cookie transport needs credentials \"same-origin\" or \"include\".");
    }
    this.prefix = this.url(prefix);
    this.transport = transport;
    this.credentials = credentials;
    this.retries = retries;
    // One record per API: the prefix for this page's own origin (as before), the absolute endpoint URL for another.
    this.#keys = transport === Transports.dpop ? new SessionKeyStore(this.crossOrigin ? this.prefix : prefix) : null;
  }

  /** `path` resolved against the API's base URL: "/api/notes" → "https://api.example.com/api/notes". */
  url(path) {
    return new URL(path, this.baseUrl).href;
  }

  /**
   * Signs in: asks the server for a challenge, has the wallet sign it once, and opens the session. With the dpop
   * transport a new session key is made first; the wallet shows it as the message's URI (did:key:zDn…), and the
   * session returned names it as `sessionKey`. The token is never returned: the client keeps it.
   * @param {object} provider an EIP-1193 provider
   * @param {{ permissions?: string[], lifetime?: number, onChallenge?: (challenge: object) => void }} [options]
   *   onChallenge sees the message before the wallet opens (to show it on the page).
   */
  async signIn(provider, { permissions, lifetime, onChallenge } = {}) {
    const { address, chainId } = await connectWallet(provider);
    const key = this.#keys ? await createSessionKey() : null;
    const challenge = await this.#send(this.prefix + "/challenge", {
      method: "POST",
      body: { address, chainId, permissions, lifetime, sessionKey: key?.jwk },
    }, { authenticate: false });
    onChallenge?.(challenge);
    const signature = await personalSign(provider, challenge.message, address);
    return this.#openSession(challenge.message, signature, key);
  }

  /**
   * Has the wallet sign a session for someone else's key — a backend service's published public JWK — without opening
   * it: returns { message, signature, challenge } for the key's holder to submit to POST {prefix}/session itself.
   * Nothing is stored here and this client's own session is untouched; the session the message opens works only with
   * proofs by that key. The wallet shows the key as the message's URI (did:key:…).
   * @param {object} provider an EIP-1193 provider
   * @param {{ sessionKey: { kty: string, crv: string, x: string, y: string }, permissions?: string[], lifetime?: number,
   *   onChallenge?: (challenge: object) => void }} options sessionKey: the holder's public JWK.
   */
  async signDelegation(provider, { sessionKey, permissions, lifetime, onChallenge }) {
    if (!sessionKey) {
      throw new TypeError("sessionKey (the public JWK of the key the session is delegated to) is required.");
    }
    const { address, chainId } = await connectWallet(provider);
    const challenge = await this.#send(this.prefix + "/challenge", {
      method: "POST",
      body: { address, chainId, permissions, lifetime, sessionKey },
    }, { authenticate: false });
    onChallenge?.(challenge);
    const signature = await personalSign(provider, challenge.message, address);
    return { message: challenge.message, signature, challenge };
  }

  /**
   * Renews the current session with one more signature: later expiry, same or more permissions, new token.
   * The session is the one this client is signed in with (its key and token, cookie or bearer token); with the dpop
   * transport it stays bound to this browser's key (a session without one is bound to a new key).
   */
  async renew(provider, { permissions, lifetime, onChallenge } = {}) {
    const key = this.#keys ? (await this.#keys.get()) ?? await createSessionKey() : null;
    const challenge = await this.#send(this.prefix + "/challenge", {
      method: "POST",
      body: { renew: true, permissions, lifetime, sessionKey: key?.jwk },
    });
    onChallenge?.(challenge);
    // Line 2 of an EIP-4361 message is the address that must sign it.
    const address = challenge.message.split("\n")[1];
    await walletRequest(provider, "eth_requestAccounts");
    const signature = await personalSign(provider, challenge.message, address);
    return this.#openSession(challenge.message, signature, key);
  }

  /** The current session: { sessionId, address, chainId, permissions: [{ name, expiresAt }], expiresAt, sessionKey? }. */
  session() {
    return this.fetchJson(this.prefix + "/session");
  }

  /** Every live session of this address: [{ sessionId, createdAt, expiresAt, permissions, client, current, sessionKey? }]. */
  sessions() {
    return this.fetchJson(this.prefix + "/sessions");
  }

  /** Ends the current session and deletes this browser's session key, even if the server could not be told. */
  async signOut() {
    try {
      await this.fetchJson(this.prefix + "/session", { method: "DELETE" });
    } finally {
      await this.#forget();
    }
  }

  /** Ends every session of this address, on every device, and deletes this browser's session key. */
  async signOutEverywhere() {
    try {
      await this.fetchJson(this.prefix + "/sessions", { method: "DELETE" });
    } finally {
      await this.#forget();
    }
  }

  /** Ends one session of this address (this browser's too: then its key is deleted). */
  async revokeSession(sessionId) {
    await this.fetchJson(`${this.prefix}/sessions/${encodeURIComponent(sessionId)}`, { method: "DELETE" });
    if ((await this.#keys?.get())?.sessionId === sessionId) {
      await this.#forget();
    }
  }

  /** Drops one permission from the current session, e.g. "notes/write". */
  revokePermission(name) {
    return this.fetchJson(`${this.prefix}/session/permissions/${name.split("/").map(encodeURIComponent).join("/")}`, { method: "DELETE" });
  }

  /**
   * Follows the current session live (GET {prefix}/session/events). The returned EventTarget fires CustomEvents:
   * `connected` (detail: the session as session() returns it), `expirationsUpdated` (the same plus `reason`:
   * "renewed", "permissionRevoked", "permissionLapsed" or "changed"), `error` (detail: a Web3AuthError; it
   * reconnects) and, once, `disconnected` (detail: { reason } of WatchEndReasons, with `error` when refused). A
   * session that ended (revoked, expired, unauthorized) is forgotten here as a 401 would be, and SESSION_ENDED_EVENT
   * fires on window.
   * @param {{ initialDelay?: number, maxDelay?: number, idleTimeout?: number }} [options] milliseconds: the first
   *   reconnect delay (the server's `retry:` replaces it), the longest one, and how long a stream may stay silent
   *   (heartbeats included) before it counts as dead.
   * @returns {EventTarget & { close(): void, readonly lastEventId: string, readonly closed: boolean }}
   */
  watch(options) {
    return this.#watch("/session/events", options);
  }

  /**
   * Follows every session of this address live (GET {prefix}/sessions/events): `connected` (detail: { sessions },
   * entries as sessions() returns them; replace the list), `sessionCreated` and `sessionUpdated` (detail: one entry),
   * `sessionEnded` (detail: { sessionId, reason }), and `error` / `disconnected` as for watch(): the stream ends
   * with this browser's own session.
   */
  watchSessions(options) {
    return this.#watch("/sessions/events", options);
  }

  /** Stops every watcher of this client (each fires `disconnected` with reason "closed"). */
  unwatch() {
    for (const watcher of [...this.#watchers]) {
      watcher.close();
    }
  }

  #watch(path, options) {
    const watcher = new LiveWatcher(this.prefix + path, {
      credentials: this.credentials,
      authorize: (headers, url) => this.#authorize(headers, "GET", url),
      sawResponse: (response) => {
        this.#nonce = response.headers.get("DPoP-Nonce") ?? this.#nonce;
        return Boolean(this.#nonce);
      },
      // The session is gone: forget it as a 401 would; a record another tab replaced it with is kept (and returned).
      ended: async (credential, error) => {
        this.#token = null;
        const replaced = credential ? await this.#keys.deleteIfToken(credential.token) : null;
        if (!replaced) {
          window.dispatchEvent(new CustomEvent(SESSION_ENDED_EVENT, { detail: error }));
        }
        return replaced;
      },
      done: () => this.#watchers.delete(watcher),
    }, options);
    this.#watchers.add(watcher);
    return watcher;
  }

  /**
   * fetch() for the app's own API: sends JSON, authenticates (a DPoP proof by the session key, the cookie, or the
   * bearer token), and returns the parsed body (null for 204). Throws Web3AuthError: a dead session (401
   * invalid_token) deletes the session key and fires SESSION_ENDED_EVENT; 403 names the missing permissions in
   * `scope`; 503 is retried for GET/HEAD after Retry-After, then thrown with `retryAfter`. A 401 use_dpop_nonce is
   * retried once with the server's nonce.
   * @param {string} url
   * @param {{ method?: string, body?: unknown, headers?: Record<string, string>, signal?: AbortSignal }} [init]
   */
  fetchJson(url, { method = "GET", body, headers = {}, signal } = {}) {
    return this.#send(url, { method, body, headers, signal });
  }

  async #send(url, { method = "GET", body, headers = {}, signal }, { authenticate = true } = {}) {
    // A DPoP proof names the method as it goes on the wire; fetch() upper-cases only some methods by itself.
    method = method.toUpperCase();
    url = this.url(url);
    const safe = method === "GET" || method === "HEAD";
    let nonceRetried = false;
    let rotationRetried = false;
    for (let attempt = 0; ; attempt++) {
      const request = { method, headers: { Accept: "application/json", ...headers }, credentials: this.credentials, signal };
      if (body !== undefined) {
        request.headers["Content-Type"] = "application/json";
        request.body = JSON.stringify(body);
      }
      // A new proof for every attempt: the server accepts each proof once.
      const credential = authenticate ? await this.#authorize(request.headers, method, url) : null;

      let response;
      try {
        response = await fetch(url, request);
      } catch (error) {
        if (error?.name === "AbortError") throw error;
        throw new Web3AuthError(WalletErrors.network, "The server could not be reached.", { cause: error });
      }
      this.#nonce = response.headers.get("DPoP-Nonce") ?? this.#nonce;

      if (response.ok) {
        return response.status === 204 ? null : readBody(response);
      }

      const error = await toError(response);
      if (error.code === "use_dpop_nonce" && credential && this.#nonce && !nonceRetried) {
        nonceRetried = true;
        continue;
      }
      if (error.status === 503 && safe && attempt < this.retries) {
        await delay(Math.min(error.retryAfter || 1, 10) * 1000);
        continue;
      }
      if (error.code === "invalid_token") {
        this.#token = null;
        // Another tab may have renewed (new token) or signed in again meanwhile: then try once with its session.
        const replaced = credential ? await this.#keys.deleteIfToken(credential.token) : null;
        if (replaced && !rotationRetried) {
          rotationRetried = true;
          continue;
        }
        window.dispatchEvent(new CustomEvent(SESSION_ENDED_EVENT, { detail: error }));
      }
      throw error;
    }
  }

  // Adds this client's credential to `headers`; returns the stored key-bound session it used, if any.
  async #authorize(headers, method, url) {
    const stored = await this.#keys?.get();
    if (stored) {
      headers.Authorization = `DPoP ${stored.token}`;
      headers.DPoP = await dpopProof(stored, method, url, this.#nonce);
      return stored;
    }
    if (this.#token) {
      headers.Authorization = `Bearer ${this.#token}`;
    }
    return null;
  }

  async #openSession(message, signature, key) {
    const session = await this.#send(this.prefix + "/session", { method: "POST", body: { message, signature } }, { authenticate: false });
    if (key && session.tokenType === "DPoP") {
      // The token is useless without the key, so it is kept next to it: a reload keeps the session, and
      // deleting the record ends both.
      await this.#keys.put({
        keyPair: key.keyPair,
        jwk: key.jwk,
        token: session.token,
        sessionId: session.sessionId,
        sessionKey: session.sessionKey,
        expiresAt: session.expiresAt,
      });
    } else if (this.transport !== Transports.cookie) {
      // A bearer session (the bearer transport, or a server that did not bind the key): the token in memory.
      await this.#keys?.delete();
      this.#token = session.token;
    }
    // With the cookie transport the HttpOnly cookie is the credential: the token is dropped, no script can read it.
    delete session.token;
    delete session.tokenType;
    return session;
  }

  async #forget() {
    this.#token = null;
    await this.#keys?.delete();
  }
}

/**
 * One stream of server-sent events, read with fetch() so that it can carry Authorization and DPoP headers, see the
 * status of a refusal, and resend Last-Event-ID after its own backoff (EventSource can do none of these).
 */
class LiveWatcher extends EventTarget {
  #url;
  #hooks;
  #initialDelay;
  #maxDelay;
  #idleTimeout;
  #abort = null;
  #wake = null;
  #closed = false;
  #lastEventId = "";
  #retry = null;    // the server's retry: (ms)
  #failures = 0;    // consecutive failed attempts, for the backoff

  constructor(url, hooks, { initialDelay = 1000, maxDelay = 30_000, idleTimeout = 45_000 } = {}) {
    super();
    this.#url = url;
    this.#hooks = hooks;
    this.#initialDelay = initialDelay;
    this.#maxDelay = maxDelay;
    this.#idleTimeout = idleTimeout;
    // Started after the caller has had the chance to add its listeners.
    setTimeout(() => this.#run(), 0);
  }

  /** The id of the last event received: sent as Last-Event-ID when the stream reconnects. */
  get lastEventId() {
    return this.#lastEventId;
  }

  get closed() {
    return this.#closed;
  }

  /** Stops watching; fires `disconnected` with reason "closed" (unless it had stopped already). */
  close() {
    this.#finish(WatchEndReasons.closed, {});
  }

  async #run() {
    let nonceRetried = false;
    let rotationRetried = false;
    while (!this.#closed) {
      const abort = this.#abort = new AbortController();
      const headers = { Accept: "text/event-stream" };
      if (this.#lastEventId) {
        headers["Last-Event-ID"] = this.#lastEventId;
      }
      let credential = null;
      let response;
      try {
        // A new proof for every connection attempt: the server accepts each proof once.
        credential = await this.#hooks.authorize(headers, this.#url);
        response = await fetch(this.#url, { headers, credentials: this.#hooks.credentials, cache: "no-store", signal: abort.signal });
      } catch (error) {
        if (this.#closed) return;
        await this.#failed(new Web3AuthError(WalletErrors.network, "The server could not be reached.", { cause: error }));
        continue;
      }
      const haveNonce = this.#hooks.sawResponse(response);

      if (response.ok && (response.headers.get("Content-Type") ?? "").startsWith("text/event-stream")) {
        nonceRetried = false;
        rotationRetried = false;
        const end = await this.#read(response, abort);
        if (this.#closed) return;
        if (end) {
          await this.#hooks.ended(credential, new Web3AuthError("invalid_token", end.reason === WatchEndReasons.expired
            ? "The session has expired." : "The session was ended.", { status: 401 }));
          this.#finish(end.reason, end.detail);
          return;
        }
        await this.#failed(new Web3AuthError(WalletErrors.network, "The event stream was interrupted."));
        continue;
      }

      const error = response.ok
        ? new Web3AuthError("invalid_response", `Expected text/event-stream, got ${response.headers.get("Content-Type")}.`, { status: response.status })
        : await toError(response);
      if (error.code === "use_dpop_nonce" && credential && haveNonce && !nonceRetried) {
        nonceRetried = true;
        continue;
      }
      if (error.status === 401) {
        // Another tab may have renewed (new token) or signed in again: then try once with its session.
        const replaced = await this.#hooks.ended(credential, error);
        if (replaced && !rotationRetried) {
          rotationRetried = true;
          continue;
        }
        this.#finish(WatchEndReasons.unauthorized, { error });
        return;
      }
      if (error.status === 408 || error.status === 429 || error.status >= 500) {
        await this.#failed(error, error.retryAfter);
        continue;
      }
      this.#dispatch("error", error);
      this.#finish(WatchEndReasons.closed, { error });
      return;
    }
  }

  // Reads events until the stream ends; returns { reason, detail } when the server ended the session.
  async #read(response, abort) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parse = createSseParser();
    let idle = null;
    const alive = () => {
      clearTimeout(idle);
      idle = setTimeout(() => abort.abort(), this.#idleTimeout);
    };
    alive();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return null;
        alive();
        for (const item of parse(decoder.decode(value, { stream: true }))) {
          if (item.retry !== undefined) {
            this.#retry = item.retry;
            continue;
          }
          if (item.type === undefined) continue; // a comment: a heartbeat
          this.#lastEventId = item.id;
          this.#failures = 0;
          let detail;
          try {
            detail = JSON.parse(item.data);
          } catch {
            detail = item.data;
          }
          if (item.type === "revoked" || item.type === "expired") {
            await reader.cancel().catch(() => undefined);
            return { reason: item.type, detail };
          }
          this.#dispatch(item.type, detail);
          if (this.#closed) return null;
        }
      }
    } catch {
      return null; // aborted (closed, or silent too long) or broken
    } finally {
      clearTimeout(idle);
    }
  }

  // Fires `error` and waits: exponential, from the server's retry: (or initialDelay) up to maxDelay, each wait a
  // random point in its upper half (so tabs and clients do not reconnect in step), and never before Retry-After.
  async #failed(error, retryAfterSeconds = 0) {
    this.#dispatch("error", error);
    if (this.#closed) return;
    const ceiling = Math.min(this.#maxDelay, (this.#retry ?? this.#initialDelay) * 2 ** Math.min(this.#failures, 20));
    this.#failures++;
    const wait = Math.max(retryAfterSeconds * 1000, ceiling / 2 + Math.random() * (ceiling / 2));
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, wait);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = null;
  }

  #finish(reason, detail) {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort?.abort();
    this.#wake?.();
    this.#hooks.done();
    this.#dispatch("disconnected", { ...(detail && typeof detail === "object" ? detail : {}), reason });
  }

  #dispatch(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/**
 * A parser of the text/event-stream format (WHATWG HTML "Server-sent events"): feed it decoded text as it arrives;
 * it returns the complete events ({ type, data, id }), comments ({}) and retry: values ({ retry }) found so far.
 * Lines end with CRLF, LF or CR; "field: value" drops one space after the colon; data lines join with "\n".
 */
export function createSseParser() {
  let buffer = "";
  let data = [];
  let type = "";
  let id = "";
  return function parse(chunk) {
    const items = [];
    buffer += chunk;
    for (;;) {
      const end = /\r\n|\r|\n/.exec(buffer);
      // A CR at the very end may be the first half of a CRLF: wait for the next chunk.
      if (!end || (end[0] === "\r" && end.index === buffer.length - 1)) break;
      const line = buffer.slice(0, end.index);
      buffer = buffer.slice(end.index + end[0].length);
      if (line === "") {
        if (data.length > 0) {
          items.push({ type: type || "message", data: data.join("\n"), id });
        }
        data = [];
        type = "";
        continue;
      }
      if (line.startsWith(":")) {
        items.push({});
        continue;
      }
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") type = value;
      else if (field === "data") data.push(value);
      else if (field === "id" && !value.includes("\0")) id = value;
      else if (field === "retry" && /^\d+$/.test(value)) items.push({ retry: Number(value) });
    }
    return items;
  };
}

/** A fresh session key: a non-extractable ECDSA P-256 key pair (ES256) and its public JWK (only kty, crv, x, y). */
async function createSessionKey() {
  const keyPair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  const { kty, crv, x, y } = await crypto.subtle.exportKey("jwk", keyPair.publicKey);
  return { keyPair, jwk: { kty, crv, x, y } };
}

/**
 * A DPoP proof (RFC 9449) for one request: a compact JWS signed by the session's private key, naming the method,
 * the URI without query and fragment, the time, a unique id, the token's hash and the server's nonce if any.
 */
async function dpopProof({ keyPair, jwk, token }, method, url, nonce) {
  const target = new URL(url, location.href);
  const header = { typ: "dpop+jwt", alg: "ES256", jwk };
  const claims = {
    jti: base64Url(crypto.getRandomValues(new Uint8Array(16))),
    htm: method,
    htu: target.origin + target.pathname,
    iat: Math.floor(Date.now() / 1000),
    ath: base64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)))),
  };
  if (nonce) {
    claims.nonce = nonce;
  }
  const input = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
  // WebCrypto's ECDSA signature is already JWS's form: r and s, 32 bytes each.
  const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, keyPair.privateKey, new TextEncoder().encode(input));
  return `${input}.${base64Url(new Uint8Array(signature))}`;
}

/**
 * This client's key-bound session in IndexedDB: { keyPair, jwk, token, sessionId, sessionKey, expiresAt }, under
 * the endpoints' prefix. CryptoKeys are stored as they are (structured clone), so the private key stays
 * non-extractable. Without IndexedDB (some private modes) the record lives in memory: the session then falls back
 * to the cookie after a reload.
 */
class SessionKeyStore {
  #id;
  #memory = null;
  #unavailable = false;

  constructor(id) {
    this.#id = id;
  }

  /** The stored session, or null (an expired one is deleted). */
  async get() {
    const stored = await this.#run("readonly", (store) => {
      const read = store.get(this.#id);
      return () => read.result;
    }, () => this.#memory);
    if (stored && Date.parse(stored.expiresAt) <= Date.now()) {
      await this.deleteIfToken(stored.token);
      return null;
    }
    return stored ?? null;
  }

  put(record) {
    return this.#run("readwrite", (store) => {
      store.put(record, this.#id);
      return () => undefined;
    }, () => {
      this.#memory = record;
    });
  }

  delete() {
    return this.#run("readwrite", (store) => {
      store.delete(this.#id);
      return () => undefined;
    }, () => {
      this.#memory = null;
    });
  }

  /** Deletes the record if it still holds `token`, in one transaction; returns the record that replaced it, if any. */
  deleteIfToken(token) {
    return this.#run("readwrite", (store) => {
      let replaced = null;
      const read = store.get(this.#id);
      read.onsuccess = () => {
        if (read.result?.token === token) {
          store.delete(this.#id);
        } else {
          replaced = read.result ?? null;
        }
      };
      return () => replaced;
    }, () => {
      this.#memory = this.#memory?.token === token ? null : this.#memory;
      return this.#memory;
    });
  }

  // One transaction: `operate` queues its requests and returns how to read the outcome once the transaction has
  // committed. `inMemory` does the same without IndexedDB.
  async #run(mode, operate, inMemory) {
    const db = this.#unavailable ? null : await openDatabase().catch(() => null);
    if (!db) {
      this.#unavailable = true;
      return inMemory();
    }
    try {
      return await new Promise((resolve, reject) => {
        const transaction = db.transaction(SessionKeyStorage.store, mode);
        const outcome = operate(transaction.objectStore(SessionKeyStorage.store));
        transaction.oncomplete = () => resolve(outcome());
        transaction.onerror = () => reject(transaction.error);
        transaction.onabort = () => reject(transaction.error);
      });
    } finally {
      db.close();
    }
  }
}

function openDatabase() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(SessionKeyStorage.database, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(SessionKeyStorage.store);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
    open.onblocked = () => reject(new Error("The session key database is blocked by another tab."));
  });
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
    case "invalid_dpop_proof":
      return "This browser could not prove it holds this session's key. Check that the device's clock is right, then try again.";
    case "use_dpop_nonce":
      return "The server asked for a fresh proof of this browser's session key. Please try again.";
    case "session_key_required":
      return "This site only opens sessions bound to a key of this browser, and this browser could not make one.";
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

function base64Url(bytes) {
  let binary = "";
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function base64UrlJson(value) {
  return base64Url(new TextEncoder().encode(JSON.stringify(value)));
}
