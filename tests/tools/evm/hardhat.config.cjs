// The local chain the smart-wallet tests run against. Nothing is compiled by Hardhat (compile.cjs uses solc-js).
module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      loggingEnabled: false,
    },
  },
};
