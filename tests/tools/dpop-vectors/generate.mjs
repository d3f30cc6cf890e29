// Writes ../../vectors/dpop/proofs.json: DPoP proofs (RFC 9449) made by standard JavaScript libraries, so our
// C# verifier is checked against independent implementations.
//
//   ES256  (P-256)      panva's `dpop` (generateKeyPair + generateProof), and `jose` (SignJWT) with the header
//                       JWK from jose.exportJWK or straight from crypto.subtle.exportKey (which adds ext, key_ops)
//   ES256K (secp256k1)  @noble/curves: ECDSA over SHA-256 of the JWS signing input, compact r||s (RFC 8812),
//                       the compact JWS built by hand; some with s replaced by n - s (high s, still valid)
//
// Every proof is checked before anything is written: its signature (jose and noble for ES256, noble with
// lowS: false for ES256K), its header and claims, ath and the JWK thumbprint recomputed independently, the
// did:key decoded back to the JWK's point. The helpers themselves are checked first against published vectors
// (RFC 9449's ath and jkt, the did:key test vectors of w3c-ccg/did-method-key). Any disagreement aborts.
//
// Not byte-for-byte reproducible: WebCrypto keys, jti values, access tokens and nonces are random (the output is
// committed). The iat values are fixed, and the secp256k1 keys derive from fixed seeds.
import { generateKeyPair as dpopGenerateKeyPair, generateProof } from "dpop";
import * as jose from "jose";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { p256 } from "@noble/curves/nist.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { base58, base64urlnopad, utf8 } from "@scure/base";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "..", "vectors", "dpop", "proofs.json");

function check(condition, message) {
  if (!condition) throw new Error(`self-check failed: ${message}`);
}

// ---- the libraries, as installed (must be the pinned versions) ----
const pinned = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).dependencies;
const versions = {};
for (const [name, version] of Object.entries(pinned)) {
  versions[name] = JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")).version;
  check(versions[name] === version, `${name} is ${versions[name]}, package.json pins ${version}: run npm ci`);
}
const DPOP = `dpop@${versions.dpop}`;
const JOSE = `jose@${versions.jose}`;
const NOBLE = `@noble/curves@${versions["@noble/curves"]}`;

// ---- helpers ----
const b64u = (bytes) => base64urlnopad.encode(bytes);
const unb64u = (text) => base64urlnopad.decode(text);
const randomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));
const ath = (accessToken) => b64u(sha256(utf8.decode(accessToken)));

// RFC 7638 §3: the required members in lexicographic order, no whitespace, SHA-256, base64url. Computed here
// by hand and compared with jose.calculateJwkThumbprint, which is the value recorded.
const thumbprintByHand = (jwk) => b64u(sha256(utf8.decode(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))));

const curves = {
  "P-256": { noble: p256, alg: "ES256", multicodec: [0x80, 0x24] }, // p256-pub 0x1200, varint
  secp256k1: { noble: secp256k1, alg: "ES256K", multicodec: [0xe7, 0x01] }, // secp256k1-pub 0xe7, varint
};
check(p256.Point.Fn.ORDER === 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n, "P-256 order");
check(secp256k1.Point.Fn.ORDER === 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n, "secp256k1 order");

const bytesToBigInt = (bytes) => BigInt("0x" + Buffer.from(bytes).toString("hex"));
const bigIntTo32 = (n) => Uint8Array.from(Buffer.from(n.toString(16).padStart(64, "0"), "hex"));

// 33-byte compressed SEC1 point (0x02 even y, 0x03 odd y, then x) of a JWK.
function compressedPoint(jwk) {
  const x = unb64u(jwk.x), y = unb64u(jwk.y);
  check(x.length === 32 && y.length === 32, "JWK coordinates are 32 bytes");
  return Uint8Array.from([y[31] & 1 ? 0x03 : 0x02, ...x]);
}

// did:key: "did:key:z" + base58btc(multicodec varint || compressed point).
function didKey(jwk) {
  const curve = curves[jwk.crv];
  check(curve, `curve ${jwk.crv}`);
  return "did:key:z" + base58.encode(Uint8Array.from([...curve.multicodec, ...compressedPoint(jwk)]));
}

// The inverse, through noble's point decompression: a did:key back to {crv, x, y}.
function didKeyToJwk(did) {
  check(did.startsWith("did:key:z"), `${did} is a base58btc did:key`);
  const bytes = base58.decode(did.slice("did:key:z".length));
  const crv = Object.keys(curves).find((c) => curves[c].multicodec.every((b, i) => bytes[i] === b));
  check(crv && bytes.length === 35, `${did}: a P-256 or secp256k1 key`);
  const { x, y } = curves[crv].noble.Point.fromBytes(bytes.subarray(2)).toAffine();
  return { kty: "EC", crv, x: b64u(bigIntTo32(x)), y: b64u(bigIntTo32(y)) };
}

const uncompressed = (jwk) => Uint8Array.from([0x04, ...unb64u(jwk.x), ...unb64u(jwk.y)]);
const publicJwkOf = (crv, uncompressedPoint) => ({
  kty: "EC",
  crv,
  x: b64u(uncompressedPoint.subarray(1, 33)),
  y: b64u(uncompressedPoint.subarray(33, 65)),
});

// ---- the helpers against published vectors ----

// RFC 9449 §7.1 (figures 13-14): the example access token and its ath; §6.1 (figure 9): the jkt of the
// example key.
check(ath("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU") === "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", "RFC 9449 ath example");
{
  const rfcJwk = { kty: "EC", x: "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs", y: "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA", crv: "P-256" };
  const expected = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
  check(thumbprintByHand(rfcJwk) === expected, "RFC 9449 jkt example (by hand)");
  check((await jose.calculateJwkThumbprint(rfcJwk)) === expected, "RFC 9449 jkt example (jose)");
}

// did:key test vectors of the W3C CCG did:key method (github.com/w3c-ccg/did-method-key, test-vectors/
// nist-curves.json and secp256k1.json): P-256 keys given as JWKs, secp256k1 keys as base58 compressed points
// with their base58 private keys.
const didKeySpecP256 = [
  {
    did: "did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv",
    jwk: { kty: "EC", crv: "P-256", x: "igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns", y: "efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM" },
    d: "gPh-VvVS8MbvKQ9LSVVmfnxnKjHn4Tqj0bmbpehRlpc",
  },
  {
    did: "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169",
    jwk: { kty: "EC", crv: "P-256", x: "fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI", y: "hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU" },
    d: "YjRs6vNvw4sYrzVVY8ipkEpDAD9PFqw1sUnvPRMA-WI",
  },
];
const didKeySpecSecp256k1 = [
  ["did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme", "23o6Sau8NxxzXcgSc3PLcNxrzrZpbLeBn1izfv3jbKhuv", "AjA4cyPUbbfW5wr6iZeRbJLhgH3qDt6q6LMkRw36KpxT"],
  ["did:key:zQ3shtxV1FrJfhqE1dvxYRcCknWNjHc3c5X1y3ZSoPDi2aur2", "291KzQhqCPC18PqH83XKhxv1HdqrdnxyS7dh15t2uNRzJ", "HDbR1D5W3CoNbUKYzUbHH2PRF1atshtVupXgXTQhNB9E"],
  ["did:key:zQ3shZc2QzApp2oymGvQbzP8eKheVshBHbU4ZYjeXqwSKEn6N", "oesQ92MLiAkt2pjBcJFbW7H4DvzKJv22cotjYbmC2JEe", "8CrrWVdzDnvaS7vS5dd2HetFSebwEN46XEFrNDdtWZSZ"],
  ["did:key:zQ3shadCps5JLAHcZiuX5YUtWHHL8ysBJqFLWvjZDKAWUBGzy", "pg3p1vprqePgUoqfAQ1TTgxhL6zLYhHyzooR1pqLxo9F", "Dy2fnt8ba4NmbRBXas9bo1BtYgpYFr6ThpFhJbuA3PRn"],
  ["did:key:zQ3shptjE6JwdkeKN4fcpnYQY3m9Cet3NiHdAfpvSUZBFoKBj", "24waDFAUAS16UpZwQQTXVEAmm17rQRjadjuAeBDW8aqL1", "2aA6WgZnPiVMBX3LvKSTg3KaFKyzfKpvEacixB3yyTgv"],
];
for (const { did, jwk, d } of didKeySpecP256) {
  check(didKey(jwk) === did, `did:key spec P-256 vector ${did}: we computed ${didKey(jwk)}`);
  check(isDeepStrictEqual(didKeyToJwk(did), jwk), `did:key spec P-256 vector ${did} decodes to its JWK`);
  check(isDeepStrictEqual(publicJwkOf("P-256", p256.getPublicKey(unb64u(d), false)), jwk), `did:key spec P-256 vector ${did}: d matches`);
}
for (const [did, publicKeyBase58, privateKeyBase58] of didKeySpecSecp256k1) {
  const compressed = base58.decode(publicKeyBase58);
  check(isDeepStrictEqual(secp256k1.getPublicKey(base58.decode(privateKeyBase58), true), compressed), `did:key spec secp256k1 vector ${did}: private key matches`);
  const jwk = publicJwkOf("secp256k1", secp256k1.Point.fromBytes(compressed).toBytes(false));
  check(didKey(jwk) === did, `did:key spec secp256k1 vector ${did}: we computed ${didKey(jwk)}`);
  check(isDeepStrictEqual(didKeyToJwk(did), jwk), `did:key spec secp256k1 vector ${did} decodes back`);
}

// ---- what the proofs are for ----
const IAT0 = 1767323045; // 2026-01-02T03:04:05Z; vector i carries iat IAT0 + 10 * i
const origin = "https://app.example.com";
// Eight requests per kind. requestUri is the URI the server sees; RFC 9449 §4.3 compares htu with it after
// syntax-based normalisation (RFC 3986 §6.2.2, scheme-based §6.2.3), so the explicit default port must pass.
const requests = [
  { case: "GET", htm: "GET", htu: `${origin}/api/profile` },
  { case: "POST", htm: "POST", htu: `${origin}/api/notes` },
  { case: "percent-encoded path", htm: "GET", htu: `${origin}/api/notes/a%20b` },
  { case: "explicit default port in htu", htm: "GET", htu: "https://app.example.com:443/api/profile", requestUri: `${origin}/api/profile` },
  { case: "POST, percent-encoded path", htm: "POST", htu: `${origin}/api/notes/a%20b` },
  { case: "server nonce", htm: "GET", htu: `${origin}/api/profile`, nonce: true },
  { case: "POST, server nonce", htm: "POST", htu: `${origin}/api/notes`, nonce: true },
  { case: "explicit default port, percent-encoded UTF-8 path, server nonce", htm: "POST", htu: "https://app.example.com:443/api/notes/caf%C3%A9", requestUri: `${origin}/api/notes/caf%C3%A9`, nonce: true },
];
for (const r of requests) {
  r.requestUri ??= r.htu;
  check(new URL(r.htu).href === r.requestUri, `${r.htu} normalises (WHATWG URL) to ${r.requestUri}`);
}

// An access token of the repo's shape: {session id}.{secret}, base64url: 36 bytes (a non-zero 20-byte owner
// address, 16 random bytes) and 32 random bytes, so 48 and 43 characters.
function accessToken() {
  let id;
  do id = randomBytes(36);
  while (id.subarray(0, 20).every((b) => b === 0));
  const token = `${b64u(id)}.${b64u(randomBytes(32))}`;
  check(/^[A-Za-z0-9_-]{48}\.[A-Za-z0-9_-]{43}$/.test(token), "access token shape");
  return token;
}
const serverNonce = () => b64u(randomBytes(24)); // opaque to the client; 32 base64url characters

// ---- checking a proof ----
const decodeJson = (part) => JSON.parse(utf8.encode(unb64u(part)));

async function vectorFrom({ library, alg, request, token, nonce, iat, proof, highSExpected, wantJwk }) {
  const parts = proof.split(".");
  check(parts.length === 3, `${library}: compact JWS`);
  const header = decodeJson(parts[0]);
  const claims = decodeJson(parts[1]);
  const signature = unb64u(parts[2]);
  const signingInput = utf8.decode(`${parts[0]}.${parts[1]}`);
  const what = `${library} ${alg} ${request.case}`;

  check(header.typ === "dpop+jwt" && header.alg === alg, `${what}: header typ and alg`);
  const jwk = header.jwk;
  check(jwk && jwk.kty === "EC" && curves[jwk.crv]?.alg === alg && !("d" in jwk), `${what}: public EC JWK of the alg's curve`);
  if (wantJwk) check(isDeepStrictEqual(jwk, wantJwk), `${what}: header JWK is the one given to the library`);
  check(claims.htm === request.htm && claims.htu === request.htu, `${what}: htm, htu`);
  check(claims.iat === iat, `${what}: iat ${claims.iat} is ${iat}`);
  check(typeof claims.jti === "string" && claims.jti.length >= 16, `${what}: jti`);
  check(claims.ath === ath(token), `${what}: ath is base64url(SHA-256(access token))`);
  check(claims.nonce === (nonce ?? undefined), `${what}: nonce`);

  const curve = curves[jwk.crv];
  check(signature.length === 64, `${what}: signature is r||s, 64 bytes`);
  const s = bytesToBigInt(signature.subarray(32));
  const highS = s > curve.noble.Point.Fn.ORDER / 2n;
  if (highSExpected !== undefined) check(highS === highSExpected, `${what}: high s is ${highSExpected}`);

  // Signature: noble for both algs (accepting high s), and jose for ES256.
  const digest = sha256(signingInput);
  check(curve.noble.verify(signature, digest, uncompressed(jwk), { prehash: false, lowS: false }), `${what}: noble verifies`);
  check(curve.noble.verify(signature, digest, uncompressed(jwk), { prehash: false, lowS: true }) === !highS, `${what}: noble's low-s rule agrees`);
  if (alg === "ES256") {
    const verified = await jose.jwtVerify(proof, jose.EmbeddedJWK, { typ: "dpop+jwt", algorithms: ["ES256"], currentDate: new Date(iat * 1000) });
    check(isDeepStrictEqual(verified.payload, claims), `${what}: jose verifies`);
    await jose.compactVerify(proof, jose.EmbeddedJWK, { algorithms: ["ES256"] });
  }

  const thumbprint = await jose.calculateJwkThumbprint(jwk);
  check(thumbprint === thumbprintByHand(jwk), `${what}: thumbprint`);
  const did = didKey(jwk);
  check(isDeepStrictEqual(didKeyToJwk(did), { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }), `${what}: did:key decodes to the JWK`);

  return {
    library,
    alg,
    case: request.case,
    htm: request.htm,
    htu: request.htu,
    requestUri: request.requestUri,
    accessToken: token,
    ath: claims.ath,
    nonce: nonce ?? null,
    iat: claims.iat,
    jti: claims.jti,
    jwk,
    thumbprint,
    didKey: did,
    proof,
    highS,
  };
}

const vectors = [];
const nextIat = () => IAT0 + 10 * vectors.length;
const inputs = (request) => ({ request, token: accessToken(), nonce: request.nonce ? serverNonce() : undefined, iat: nextIat() });

// ---- ES256 by dpop: a key pair per two proofs, as a client would keep one ----
{
  let keypair;
  for (const [i, request] of requests.entries()) {
    if (i % 2 === 0) keypair = await dpopGenerateKeyPair("ES256");
    const input = inputs(request);
    // dpop takes iat from Date.now(); pin it for the call so the vectors carry fixed times.
    const realNow = Date.now;
    Date.now = () => input.iat * 1000;
    let proof;
    try {
      proof = await generateProof(keypair, request.htu, request.htm, input.nonce, input.token);
    } finally {
      Date.now = realNow;
    }
    vectors.push(await vectorFrom({ library: DPOP, alg: "ES256", proof, ...input }));
  }
}

// ---- ES256 by jose: SignJWT, header JWK from jose.exportJWK ----
async function joseProof({ privateKey, jwk, request, token, nonce, iat }) {
  const claims = { htm: request.htm, htu: request.htu, ath: ath(token) };
  if (nonce !== undefined) claims.nonce = nonce;
  return new jose.SignJWT(claims)
    .setProtectedHeader({ typ: "dpop+jwt", alg: "ES256", jwk })
    .setIssuedAt(iat)
    .setJti(crypto.randomUUID())
    .sign(privateKey);
}
{
  let keys;
  for (const [i, request] of requests.entries()) {
    if (i % 2 === 0) {
      const { privateKey, publicKey } = await jose.generateKeyPair("ES256");
      keys = { privateKey, jwk: await jose.exportJWK(publicKey) };
    }
    const input = inputs(request);
    vectors.push(await vectorFrom({ library: JOSE, alg: "ES256", proof: await joseProof({ ...keys, ...input }), wantJwk: keys.jwk, ...input }));
  }
}

// ---- ES256 by jose, header JWK straight from WebCrypto (crypto.subtle.exportKey), which carries the public
// members key_ops and ext: a client that skips jose.exportJWK sends these ----
{
  let keys;
  for (const [i, request] of requests.entries()) {
    if (i % 2 === 0) {
      const { privateKey, publicKey } = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
      keys = { privateKey, jwk: await crypto.subtle.exportKey("jwk", publicKey) };
      check(keys.jwk.ext === true && isDeepStrictEqual(keys.jwk.key_ops, ["verify"]), "WebCrypto's JWK carries ext and key_ops");
    }
    const input = inputs({ ...request, case: `${request.case}; JWK with ext, key_ops (crypto.subtle.exportKey)` });
    vectors.push(await vectorFrom({ library: JOSE, alg: "ES256", proof: await joseProof({ ...keys, ...input }), wantJwk: keys.jwk, ...input }));
  }
}

// ---- ES256K by @noble/curves: the compact JWS by hand (RFC 8812), keys from fixed seeds ----
function nobleEs256kProof({ secretKey, jwk, request, token, nonce, iat, flipS }) {
  const header = { typ: "dpop+jwt", alg: "ES256K", jwk };
  const claims = { jti: crypto.randomUUID(), htm: request.htm, htu: request.htu, iat, ath: ath(token) };
  if (nonce !== undefined) claims.nonce = nonce;
  const input = `${b64u(utf8.decode(JSON.stringify(header)))}.${b64u(utf8.decode(JSON.stringify(claims)))}`;
  const signature = secp256k1.sign(sha256(utf8.decode(input)), secretKey, { prehash: false }); // RFC 6979, low s
  if (flipS) {
    const n = secp256k1.Point.Fn.ORDER;
    signature.set(bigIntTo32(n - bytesToBigInt(signature.subarray(32))), 32);
  }
  return `${input}.${b64u(signature)}`;
}
for (const flipS of [false, true]) {
  let keys;
  for (const [i, request] of requests.entries()) {
    if (i % 2 === 0) {
      const secretKey = sha256(utf8.decode(`web3auth dpop vector secp256k1 key ${flipS ? "high-s" : "low-s"} ${i / 2}`));
      check(secp256k1.utils.isValidSecretKey(secretKey), "seeded secp256k1 key is valid");
      keys = { secretKey, jwk: publicJwkOf("secp256k1", secp256k1.getPublicKey(secretKey, false)) };
    }
    const input = inputs(flipS ? { ...request, case: `${request.case}; high s (n - s)` } : request);
    const proof = nobleEs256kProof({ ...keys, ...input, flipS });
    vectors.push(await vectorFrom({ library: NOBLE, alg: "ES256K", proof, highSExpected: flipS, wantJwk: keys.jwk, ...input }));
  }
}

// ---- does jose support ES256K? (jose 6 runs on WebCrypto only, which has no secp256k1) ----
const joseEs256k = {};
for (const [step, run] of [
  ["generateKeyPair('ES256K')", () => jose.generateKeyPair("ES256K")],
  ["importJWK(secp256k1 JWK, 'ES256K')", () => jose.importJWK(vectors.find((v) => v.alg === "ES256K").jwk, "ES256K")],
  ["compactVerify(ES256K proof, EmbeddedJWK)", () => jose.compactVerify(vectors.find((v) => v.alg === "ES256K").proof, jose.EmbeddedJWK)],
]) {
  try {
    await run();
    joseEs256k[step] = "ok";
  } catch (e) {
    joseEs256k[step] = `${e.name} (${e.code}): ${e.message}`;
  }
}
// The README says jose does not; if an update changes that, add jose-made ES256K vectors and update the README.
check(Object.values(joseEs256k).every((r) => r !== "ok"), `jose now handles ES256K (${JSON.stringify(joseEs256k)})`);

// ---- the file ----
check(new Set(vectors.map((v) => v.jti)).size === vectors.length, "jti values are unique");
const counts = {};
for (const v of vectors) {
  const kind = `${v.library} ${v.alg}${v.highS && v.alg === "ES256K" ? " high-s" : ""}${v.jwk.key_ops ? " webcrypto-jwk" : ""}`;
  counts[kind] = (counts[kind] ?? 0) + 1;
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      description:
        "DPoP proofs (RFC 9449) made by standard JavaScript libraries: ES256 by dpop and jose (some with the header JWK " +
        "straight from crypto.subtle.exportKey, carrying ext and key_ops), ES256K (RFC 8812) by @noble/curves with the " +
        "compact JWS built by hand, some with high s (s replaced by n - s, still a valid ECDSA signature). Each vector is " +
        "a resource request: the proof binds accessToken (ath) and, where nonce is set, a server-provided DPoP nonce. " +
        "It must verify for the request htm + requestUri at time iat; requestUri equals htu except where htu has the " +
        "explicit default port (RFC 9449 §4.3 compares after normalisation). thumbprint is the RFC 7638 SHA-256 JWK " +
        "thumbprint (jose.calculateJwkThumbprint); didKey is did:key of the compressed public key (p256-pub 0x1200, " +
        "secp256k1-pub 0xe7, base58btc). highS says whether the signature's s exceeds n/2 of the curve's order: for " +
        "ES256 it is whatever WebCrypto produced (not normalised); for ES256K only the flipped ones. " +
        "jose does not support ES256K, so there are no jose-made ES256K proofs. " +
        "See tests/tools/dpop-vectors/README.md.",
      generatedBy: { script: "tests/tools/dpop-vectors/generate.mjs", libraries: versions },
      vectors,
    },
    null,
    2,
  ) + "\n",
);
console.log(`jose ES256K: ${JSON.stringify(joseEs256k, null, 2)}`);
console.log(`wrote ${vectors.length} proofs to ${out}: ${JSON.stringify(counts, null, 2)}`);
