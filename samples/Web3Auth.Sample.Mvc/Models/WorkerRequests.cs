using System.Text.Json;

namespace Web3Auth.Sample.Mvc.Models;

/// <summary>Body of <c>PUT /api/worker/key</c>: the worker's public session key.</summary>
/// <param name="SessionKey">A public EC JWK on P-256 or secp256k1.</param>
public sealed record WorkerKeyRequest(JsonElement SessionKey);

/// <summary>Body of <c>POST /api/worker/delegation</c>: a sign-in message the user's wallet signed for the worker's key.</summary>
/// <param name="Message">The message exactly as <c>POST /auth/web3/challenge</c> returned it.</param>
/// <param name="Signature">The wallet's <c>personal_sign</c> of it.</param>
public sealed record WorkerDelegationRequest(string? Message, string? Signature);
