// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// @notice A minimal EIP-1271 smart-contract wallet for the tests: one owner key signs for it. Its answers cover
/// what real wallets do: the magic value for its owner's signature, 0xffffffff for another key's, and a revert for
/// a signature it cannot even read (Safe, for one, reverts on bad signatures).
contract TestSmartWallet {
    bytes4 private constant ERC1271_MAGIC_VALUE = 0x1626ba7e;
    uint256 private constant HALF_CURVE_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    /// @notice The key whose personal_sign signatures the wallet accepts.
    address public owner;

    /// @notice Who may change the owner: the deployer (a test account, or the factory).
    address public immutable admin;

    constructor(address initialOwner) {
        owner = initialOwner;
        admin = msg.sender;
    }

    /// @notice Hands the wallet to another key; signatures of the old owner stop being valid.
    function setOwner(address newOwner) external {
        require(msg.sender == admin, "TestSmartWallet: only the admin");
        owner = newOwner;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        require(signature.length == 65, "TestSmartWallet: signature is not 65 bytes");
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (uint256(s) > HALF_CURVE_ORDER) {
            return 0xffffffff;
        }

        address signer = ecrecover(hash, v, r, s);
        return signer != address(0) && signer == owner ? ERC1271_MAGIC_VALUE : bytes4(0xffffffff);
    }
}
