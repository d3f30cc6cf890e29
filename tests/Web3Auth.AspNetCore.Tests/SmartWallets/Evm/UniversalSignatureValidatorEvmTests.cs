using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.SmartWallets.Evm;

/// <summary>
/// The deployless validator shipped in Web3Auth.Siwe, run by a real EVM with <c>eth_call</c> and no <c>to</c>: every
/// path of EIP-6492's order, and the promise that a wallet or factory misbehaving yields 0x00 rather than a revert.
/// </summary>
[Collection(EvmCollection.Name)]
public sealed class UniversalSignatureValidatorEvmTests(HardhatNode node)
{
    private static readonly byte[] Hash = PersonalMessage.Hash("validator test message");

    private Task<byte[]> ValidateAsync(EthereumAddress signer, byte[] signature, byte[]? hash = null) =>
        node.CallAsync(to: null, UniversalSignatureValidator.EncodeCall(signer, hash ?? Hash, signature));

    private static byte[] Sign(TestWallet wallet) => Convert.FromHexString(wallet.SignPersonalMessage("validator test message")[2..]);

    [Fact]
    public void The_shipped_bytecode_is_the_compiled_solidity_source()
    {
        // compile.cjs --write-validator regenerates the constant; this fails when the .sol and the constant disagree.
        Assert.Equal(Convert.ToHexStringLower(node.Contracts["UniversalSignatureValidator"]), Convert.ToHexStringLower(UniversalSignatureValidator.GetCreationCode()));
    }

    [Fact]
    public async Task An_account_without_code_is_checked_by_ecrecover()
    {
        var eoa = TestWallet.FromSeed(420);

        Assert.Equal([0x01], await ValidateAsync(eoa.Address, Sign(eoa)));
        Assert.Equal([0x00], await ValidateAsync(eoa.Address, Sign(TestWallet.FromSeed(421))));
        Assert.Equal([0x00], await ValidateAsync(eoa.Address, new byte[64]));
    }

    [Fact]
    public async Task A_deployed_wallet_is_asked_through_eip1271_and_its_reverts_are_a_plain_no()
    {
        var owner = TestWallet.FromSeed(422);
        var wallet = await node.DeployAsync([.. node.Contracts["TestSmartWallet"], .. Abi.Address(owner.Address)]);

        Assert.Equal([0x01], await ValidateAsync(wallet, Sign(owner)));
        Assert.Equal([0x00], await ValidateAsync(wallet, Sign(TestWallet.FromSeed(423))));
        Assert.Equal([0x00], await ValidateAsync(wallet, new byte[3])); // the wallet reverts
    }

    [Fact]
    public async Task A_contract_without_isValidSignature_is_a_no()
    {
        Assert.Equal([0x00], await ValidateAsync(node.Factory, Sign(TestWallet.FromSeed(424))));
    }

    [Fact]
    public async Task A_wrapped_signature_deploys_the_wallet_in_the_call_and_asks_it()
    {
        var owner = TestWallet.FromSeed(425);
        var salt = Abi.Salt(9_000);
        var wallet = Abi.ReadAddress(await node.CallAsync(node.Factory, Abi.Call("walletAddress(address,bytes32)", Abi.Address(owner.Address), salt)));
        var deploy = Abi.Call("deploy(address,bytes32)", Abi.Address(owner.Address), salt);

        Assert.Equal([0x01], await ValidateAsync(wallet, Erc6492.Wrap(node.Factory, deploy, Sign(owner))));
        Assert.Equal([0x00], await ValidateAsync(wallet, Erc6492.Wrap(node.Factory, deploy, Sign(TestWallet.FromSeed(426)))));
        Assert.Equal([0x00], await ValidateAsync(wallet, Erc6492.Wrap(node.Factory, [0xde, 0xad, 0xbe, 0xef], Sign(owner)))); // the factory reverts
        Assert.Equal([0x00], await ValidateAsync(wallet, Erc6492.Wrap(EthereumAddress.Zero, deploy, Sign(owner)))); // nothing to call
        Assert.Empty(await node.CodeAsync(wallet));
    }
}
