// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import "./TestSmartWallet.sol";

/// @notice Deploys TestSmartWallets with CREATE2, so a wallet's address is known before it exists (counterfactual)
/// and an EIP-6492 signature can carry the call that deploys it: deploy(owner, salt).
contract TestSmartWalletFactory {
    /// @notice Deploys the wallet of (owner, salt), or returns it when it already exists.
    function deploy(address owner, bytes32 salt) external returns (address wallet) {
        require(owner != address(0), "TestSmartWalletFactory: owner required");
        wallet = walletAddress(owner, salt);
        if (wallet.code.length == 0) {
            wallet = address(new TestSmartWallet{salt: salt}(owner));
        }
    }

    /// @notice The CREATE2 address of the wallet of (owner, salt), deployed or not.
    function walletAddress(address owner, bytes32 salt) public view returns (address) {
        bytes32 initCodeHash = keccak256(abi.encodePacked(type(TestSmartWallet).creationCode, abi.encode(owner)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash)))));
    }
}
