using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Web3Auth.AspNetCore;
using Web3Auth.Sample.Mvc.Data;
using Web3Auth.Sample.Mvc.Models;
using Web3Auth.Siwe;

namespace Web3Auth.Sample.Mvc.Controllers.Api;

/// <summary>
/// <c>GET /api/notes</c> (needs <c>notes/read</c>), <c>POST /api/notes</c> and <c>DELETE /api/notes/{id}</c> (need
/// <c>notes/write</c>). Notes belong to the signed-in address; another address's note id answers 404.
/// </summary>
[ApiController]
[EnableCors(SampleCors.PolicyName)]
[Route("api/notes")]
public sealed class NotesApiController(NoteStore notes) : ControllerBase
{
    [HttpGet]
    [Authorize(Policy = SamplePolicies.ReadNotes)]
    public Task<IReadOnlyList<Note>> List(CancellationToken cancellationToken) =>
        notes.ListAsync(SignedInAddress(), cancellationToken);

    [HttpPost]
    [Authorize(Policy = SamplePolicies.WriteNotes)]
    public async Task<ActionResult<Note>> Add(NoteRequest request, CancellationToken cancellationToken)
    {
        if (!NoteText.TryNormalize(request.Text, out var text, out var error))
        {
            ModelState.AddModelError("text", error!);
            return ValidationProblem(ModelState);
        }

        var note = await notes.AddAsync(SignedInAddress(), text, cancellationToken);
        if (note is null)
        {
            ModelState.AddModelError("text", $"You have {NoteStore.MaxNotes} notes already. Delete one first.");
            return ValidationProblem(ModelState);
        }

        return Created($"/api/notes/{note.Id}", note);
    }

    [HttpDelete("{id}")]
    [Authorize(Policy = SamplePolicies.WriteNotes)]
    public async Task<IActionResult> Delete(string id, CancellationToken cancellationToken) =>
        await notes.DeleteAsync(SignedInAddress(), id, cancellationToken)
            ? NoContent()
            : Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: "You have no note with this id.");

    private EthereumAddress SignedInAddress() => EthereumAddress.Parse(User.GetWeb3Address()!);
}
