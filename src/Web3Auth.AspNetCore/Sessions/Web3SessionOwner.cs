using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Whose sessions a store call is about: one address's sessions in one authentication scheme. Each scheme has its
/// own key space, so a session minted by one scheme cannot be found through another.
/// </summary>
/// <param name="Scheme">The authentication scheme that minted the sessions.</param>
/// <param name="Address">The wallet address that signed in.</param>
public readonly record struct Web3SessionOwner(string Scheme, EthereumAddress Address);
