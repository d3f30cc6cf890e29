using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Web3Auth.AspNetCore;
using Web3Auth.Sample.Mvc.Data;
using Web3Auth.Sample.Mvc.Models;
using Web3Auth.Siwe;

namespace Web3Auth.Sample.Mvc.Controllers.Api;

/// <summary>
/// <c>GET /api/profile</c> (needs <c>profile/read</c>) and <c>PUT /api/profile</c> (needs <c>profile/write</c>).
/// Works with the session cookie (the site's pages) and with <c>Authorization: Bearer</c> (any other client).
/// </summary>
[ApiController]
[EnableCors(SampleCors.PolicyName)]
[Route("api/profile")]
public sealed class ProfileApiController(ProfileStore profiles) : ControllerBase
{
    [HttpGet]
    [Authorize(Policy = SamplePolicies.ReadProfile)]
    public async Task<ProfileResponse> Get(CancellationToken cancellationToken)
    {
        var owner = SignedInAddress();
        var profile = await profiles.FindAsync(owner, cancellationToken);
        return new ProfileResponse(owner.ToString(), profile?.Name);
    }

    [HttpPut]
    [Authorize(Policy = SamplePolicies.WriteProfile)]
    public async Task<ActionResult<ProfileResponse>> Put(ProfileUpdate update, CancellationToken cancellationToken)
    {
        if (!ProfileName.TryNormalize(update.Name, out var name, out var error))
        {
            ModelState.AddModelError("name", error!);
            return ValidationProblem(ModelState);
        }

        var owner = SignedInAddress();
        var saved = await profiles.SetNameAsync(owner, name, cancellationToken);
        return new ProfileResponse(owner.ToString(), saved.Name);
    }

    // The address comes from the session the wallet signed, never from the request: each address sees only its own.
    private EthereumAddress SignedInAddress() => EthereumAddress.Parse(User.GetWeb3Address()!);
}
