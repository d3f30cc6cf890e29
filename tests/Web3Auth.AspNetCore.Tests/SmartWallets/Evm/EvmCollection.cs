namespace Web3Auth.AspNetCore.Tests.SmartWallets.Evm;

/// <summary>The tests that share one Hardhat node.</summary>
[CollectionDefinition(Name)]
public sealed class EvmCollection : ICollectionFixture<HardhatNode>
{
    public const string Name = "Local EVM (Hardhat)";
}
