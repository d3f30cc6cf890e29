namespace Web3Auth.AspNetCore;

/// <summary>
/// One permission of the catalogue: a ReCap ability named <c>namespace/action</c> (for example <c>profile/read</c>)
/// that a wallet can grant to a session.
/// </summary>
/// <param name="Name">The ability, <c>namespace/action</c>; what the wallet signs and what policies require.</param>
/// <param name="Description">What the permission allows, in words a user understands; shown by sign-in pages.</param>
/// <param name="MaxLifetime">How long a grant may live at most (shorter than the session if set); <see langword="null"/> = as long as the session.</param>
/// <param name="GrantedByDefault">Whether a sign-in message request that names no permissions asks for this one.</param>
/// <param name="RequiresKeyBoundSession">
/// Whether only a key-bound session (DPoP) may hold it: a sign-in asking for it without a <c>sessionKey</c> gets 400
/// <c>session_key_required</c>. For permissions whose stolen bearer token would do real harm (moving funds).
/// </param>
public sealed record Web3Permission(string Name, string Description, TimeSpan? MaxLifetime = null, bool GrantedByDefault = true, bool RequiresKeyBoundSession = false);
