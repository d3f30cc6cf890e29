using Web3Auth.AspNetCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Web3Auth.AspNetCore.TestApp.Controllers;

[ApiController]
[Route("api/profile")]
public sealed class ProfileController : ControllerBase
{
    [HttpGet]
    [Authorize(Policy = "CanReadProfile")]
    public IActionResult Get() => Ok(new { address = User.GetWeb3Address() });

    [HttpPut]
    [Authorize(Policy = "CanEditProfile")]
    public IActionResult Put() => Ok(new { address = User.GetWeb3Address(), updated = true });
}
