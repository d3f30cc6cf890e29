// Writes ../../vectors/wallet/ethers-vectors.json: signatures, addresses and hashes produced by ethers,
// a wallet library used by real dApps, so our implementation is checked against an independent one.
// Deterministic: keys and messages derive from fixed seeds, and ethers signs with RFC 6979 nonces,
// so running it again yields the same file.
import { Wallet, getAddress, hashMessage, keccak256, toUtf8Bytes, id, hexlify } from "ethers";
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "..", "vectors", "wallet", "ethers-vectors.json");

const seededKey = (i) => id(`web3auth wallet vector key ${i}`); // keccak256 of a label: a valid key w.h.p.

const siwe = (address, nonce) =>
  `example.com wants you to sign in with your Ethereum account:\n${address}\n\n` +
  `Sign in to Example.\n\nURI: https://example.com\nVersion: 1\nChain ID: 1\nNonce: ${nonce}\n` +
  `Issued At: 2026-01-02T03:04:05.678Z`;

const textMessages = (address, i) => [
  "",
  "hello",
  "Grüße, 世界 🌍",
  "line one\nline two\r\nline three",
  "x".repeat(1000 + i),
  siwe(address, `nonce${String(i).padStart(8, "0")}`),
];

const personalSign = [];
for (let i = 0; i < 24; i++) {
  const wallet = new Wallet(seededKey(i));
  for (const message of textMessages(wallet.address, i)) {
    personalSign.push({
      privateKey: wallet.privateKey,
      address: wallet.address,
      publicKey: wallet.signingKey.publicKey, // 0x04 || X || Y
      message,
      hash: hashMessage(message),
      signature: await wallet.signMessage(message),
    });
  }
}

const checksums = [];
for (let i = 0; i < 64; i++) {
  const lower = keccak256(toUtf8Bytes(`address ${i}`)).slice(0, 42).toLowerCase();
  checksums.push({ lowercase: lower, checksummed: getAddress(lower) });
}

const keccak = [];
for (const length of [0, 1, 31, 32, 33, 135, 136, 137, 271, 272, 273, 1000, 4096]) {
  const bytes = new Uint8Array(length).map((_, j) => (j * 31 + length) & 0xff);
  keccak.push({ input: hexlify(bytes), hash: keccak256(bytes) });
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify({ generator: "ethers 6.17.0 (tests/tools/wallet-vectors/generate.mjs)", personalSign, checksums, keccak }, null, 2) + "\n",
);
console.log(`wrote ${personalSign.length} signatures, ${checksums.length} addresses, ${keccak.length} hashes to ${out}`);
