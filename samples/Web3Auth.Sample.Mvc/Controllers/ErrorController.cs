using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Web3Auth.Sample.Mvc.Controllers;

/// <summary>
/// The exception handler's page (<c>UseExceptionHandler("/error")</c>). The handler replays the failed request here
/// with its own method, so this action takes every method: a failed POST, PUT or DELETE must get an answer too, not a
/// 405 with no body. An API request gets a 500 problem+json (<c>server_error</c>), a page an HTML error page; neither
/// says what went wrong (that is in the log).
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorController : Controller
{
    [Route("/error")]
    public IActionResult Index()
    {
        var failedPath = HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? Request.Path;
        if (ApiProblems.IsApiPath(failedPath))
        {
            return Problem(statusCode: StatusCodes.Status500InternalServerError, detail: "Something went wrong on our side. Try again later.");
        }

        var page = View("Error");
        page.StatusCode = StatusCodes.Status500InternalServerError;
        return page;
    }
}
