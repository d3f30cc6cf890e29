using System.Globalization;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The claim values that depend only on the account: the EIP-55 address, the chain id and the CAIP-10 subject.
/// Spelling an address in EIP-55 costs a Keccak-256, and the handler needs these on every authenticated request,
/// almost always for an account it has just seen; <see cref="For"/> keeps the last few hundred.
/// </summary>
internal sealed class AccountClaimValues
{
    private const int Slots = 512;

    // Direct-mapped and lock-free: a slot holds one immutable entry and is replaced whole, so a reader sees either
    // the old entry or the new one. A collision only costs formatting again.
    private static readonly AccountClaimValues?[] Cache = new AccountClaimValues?[Slots];

    private AccountClaimValues(EthereumAddress address, ulong chainId)
    {
        Address = address;
        ChainId = chainId;
        AddressText = address.ToString();
        ChainIdText = chainId.ToString(CultureInfo.InvariantCulture);
        Subject = $"eip155:{ChainIdText}:{AddressText}";
    }

    public EthereumAddress Address { get; }

    public ulong ChainId { get; }

    /// <summary>The EIP-55 checksum form.</summary>
    public string AddressText { get; }

    public string ChainIdText { get; }

    /// <summary>The CAIP-10 account id, <c>eip155:{chainId}:{address}</c> (as <see cref="Web3Session.AccountId"/>).</summary>
    public string Subject { get; }

    public static AccountClaimValues For(EthereumAddress address, ulong chainId)
    {
        ref var slot = ref Cache[(uint)HashCode.Combine(address, chainId) % Slots];
        var entry = Volatile.Read(ref slot);
        if (entry is null || entry.Address != address || entry.ChainId != chainId)
        {
            entry = new AccountClaimValues(address, chainId);
            Volatile.Write(ref slot, entry);
        }

        return entry;
    }
}
