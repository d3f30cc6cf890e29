// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// @title Deployless universal signature validator (EIP-6492, EIP-1271, ecrecover)
/// @notice Never deployed. Its creation code, followed by abi.encode(signer, hash, signature), is the `data` of an
/// `eth_call` without `to`: the constructor checks the signature and the call returns exactly one byte, 0x01 when
/// `signer` accepts `signature` for `hash`, 0x00 otherwise. It follows the verifier order of EIP-6492:
///   1. a signature ending in the EIP-6492 magic suffix is unwrapped into (factory, factoryCalldata, signature);
///      if the signer has no code yet the factory is called to deploy it, then EIP-1271 decides; if the signer
///      already has code, EIP-1271 decides, and when it refuses the factory call is run as a "prepare" step and
///      EIP-1271 is asked once more;
///   2. otherwise, a signer with code decides through EIP-1271 isValidSignature(bytes32,bytes) == 0x1626ba7e;
///   3. otherwise the signature must be a 65-byte ECDSA signature by the signer (low s, v of 27 or 28).
/// Whatever the wallet or the factory does (revert, run out of gas, return garbage, deploy nothing), the answer is
/// 0x00: a JSON-RPC error for this call therefore means the node could not run it, never "the wallet said no".
/// The one input that reverts is a wrapper that is not abi.encode(address, bytes, bytes); the C# side
/// (Erc6492.TryUnwrap) refuses those before calling.
/// @dev Written from the EIP-6492 and EIP-1271 texts for Web3Auth.Siwe. Compiled by tests/tools/evm/compile.cjs
/// (solc 0.8.26, EVM version paris so the code runs on chains without PUSH0, optimizer on, no metadata); the C#
/// constant in UniversalSignatureValidator.Bytecode.cs is its output, and the EVM tests check they still match.
interface IERC1271 {
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4 magicValue);
}

contract UniversalSignatureValidator {
    bytes32 private constant ERC6492_SUFFIX = 0x6492649264926492649264926492649264926492649264926492649264926492;
    bytes4 private constant ERC1271_MAGIC_VALUE = 0x1626ba7e;
    uint256 private constant HALF_CURVE_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    constructor(address signer, bytes32 hash, bytes memory signature) {
        bool valid = isValid(signer, hash, signature);
        assembly {
            mstore(0, valid)
            return(31, 1)
        }
    }

    function isValid(address signer, bytes32 hash, bytes memory signature) private returns (bool) {
        if (hasErc6492Suffix(signature)) {
            (address factory, bytes memory factoryCalldata, bytes memory inner) =
                abi.decode(withoutSuffix(signature), (address, bytes, bytes));
            if (signer.code.length == 0) {
                callIgnoringResult(factory, factoryCalldata);
                // The factory's success is judged by what it leaves behind: code at the signer's address.
                return signer.code.length != 0 && isValidErc1271(signer, hash, inner);
            }

            if (isValidErc1271(signer, hash, inner)) {
                return true;
            }

            callIgnoringResult(factory, factoryCalldata);
            return isValidErc1271(signer, hash, inner);
        }

        if (signer.code.length != 0) {
            return isValidErc1271(signer, hash, signature);
        }

        return isValidEcdsa(signer, hash, signature);
    }

    function hasErc6492Suffix(bytes memory signature) private pure returns (bool result) {
        if (signature.length < 32) {
            return false;
        }

        bytes32 last;
        assembly {
            last := mload(add(signature, mload(signature)))
        }
        return last == ERC6492_SUFFIX;
    }

    // Shortens the array in place: the suffix is not needed any more.
    function withoutSuffix(bytes memory signature) private pure returns (bytes memory) {
        assembly {
            mstore(signature, sub(mload(signature), 32))
        }
        return signature;
    }

    // A low-level call that copies no return data: a factory cannot make this code run out of gas by answering
    // with megabytes.
    function callIgnoringResult(address target, bytes memory data) private {
        assembly {
            pop(call(gas(), target, 0, add(data, 32), mload(data), 0, 0))
        }
    }

    // isValidSignature through STATICCALL, reading at most 32 bytes of the answer. Valid only for exactly the ABI
    // encoding of bytes4 0x1626ba7e (the magic value followed by 28 zero bytes).
    function isValidErc1271(address signer, bytes32 hash, bytes memory signature) private view returns (bool) {
        bytes memory data = abi.encodeCall(IERC1271.isValidSignature, (hash, signature));
        bool success;
        bytes32 word;
        assembly {
            success := staticcall(gas(), signer, add(data, 32), mload(data), 0, 32)
            if lt(returndatasize(), 32) {
                success := 0
            }
            word := mload(0)
        }
        return success && word == bytes32(ERC1271_MAGIC_VALUE);
    }

    function isValidEcdsa(address signer, bytes32 hash, bytes memory signature) private pure returns (bool) {
        if (signature.length != 65) {
            return false;
        }

        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(signature, 32))
            s := mload(add(signature, 64))
            v := byte(0, mload(add(signature, 96)))
        }
        if (uint256(s) > HALF_CURVE_ORDER || (v != 27 && v != 28)) {
            return false;
        }

        address recovered = ecrecover(hash, v, r, s);
        return recovered != address(0) && recovered == signer;
    }
}
