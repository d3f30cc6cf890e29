// Starts a Hardhat node (a local EVM, chain id 31337, 20 funded and unlocked accounts) on 127.0.0.1:<port> for the
// smart-wallet tests:   node start-node.cjs <port>
// It stops when its standard input closes, so a test run that crashes leaves no node behind. Run from this folder
// (hardhat.config.cjs is found from the working directory).
"use strict";

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  process.stderr.write("usage: node start-node.cjs <port>\n");
  process.exit(2);
}

process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT = "true";
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();

const hre = require("hardhat");
hre.run("node", { hostname: "127.0.0.1", port }).catch((error) => {
  process.stderr.write(String(error && error.stack || error) + "\n");
  process.exit(1);
});
