using System.Net;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Api;

public sealed class NotesApiTests : IClassFixture<SampleSite>
{
    private static readonly string[] ReadWrite = ["notes/read", "notes/write"];

    private readonly SampleSite _site;

    public NotesApiTests(SampleSite site) => _site = site.Start();

    [Fact]
    public async Task Notes_are_created_listed_newest_first_and_deleted()
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6101), ReadWrite);

        var first = await client.PostJsonAsync("/api/notes", new { text = "first" });
        var second = await client.PostJsonAsync("/api/notes", new { text = "  second\r\nline  " });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await BearerClient.ReadObjectAsync(second);
        Assert.Equal("second\nline", (string?)created["text"]);
        Assert.Equal($"/api/notes/{created["id"]}", second.Headers.Location?.OriginalString);

        var notes = await BearerClient.ReadArrayAsync(await client.GetAsync("/api/notes"));
        Assert.Equal(["second\nline", "first"], notes.Select(n => (string?)n!["text"]));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/notes/{created["id"]}")).StatusCode);
        Assert.Single(await BearerClient.ReadArrayAsync(await client.GetAsync("/api/notes")));
    }

    [Fact]
    public async Task Another_address_neither_sees_nor_deletes_my_notes()
    {
        using var http = _site.CreateApiClient();
        var mine = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6102), ReadWrite);
        var theirs = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6103), ReadWrite);
        var note = await BearerClient.ReadObjectAsync(await mine.PostJsonAsync("/api/notes", new { text = "private" }));

        Assert.Empty(await BearerClient.ReadArrayAsync(await theirs.GetAsync("/api/notes")));
        var problem = await BearerClient.AssertProblemAsync(await theirs.DeleteAsync($"/api/notes/{note["id"]}"), HttpStatusCode.NotFound);
        Assert.Equal("not_found", (string?)problem["error"]);
        Assert.Single(await BearerClient.ReadArrayAsync(await mine.GetAsync("/api/notes")));
    }

    [Fact]
    public async Task Reading_needs_notes_read_and_writing_needs_notes_write()
    {
        using var http = _site.CreateApiClient();
        var reader = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6104), ["notes/read"]);
        var writer = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6104), ["notes/write"]);

        await BearerClient.AssertProblemAsync(await reader.PostJsonAsync("/api/notes", new { text = "x" }), HttpStatusCode.Forbidden);
        await BearerClient.AssertProblemAsync(await reader.DeleteAsync("/api/notes/abc"), HttpStatusCode.Forbidden);
        await BearerClient.AssertProblemAsync(await writer.GetAsync("/api/notes"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, (await writer.PostJsonAsync("/api/notes", new { text = "x" })).StatusCode);
        Assert.Single(await BearerClient.ReadArrayAsync(await reader.GetAsync("/api/notes")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bell \u0007")]
    public async Task A_bad_note_is_a_400_problem(string text)
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6105), ReadWrite);

        var problem = await BearerClient.AssertProblemAsync(await client.PostJsonAsync("/api/notes", new { text }), HttpStatusCode.BadRequest);

        Assert.Equal("invalid_request", (string?)problem["error"]);
        Assert.NotNull(problem["errors"]!["text"]);
    }

    [Fact]
    public async Task Fifty_parallel_adds_of_one_account_are_all_kept_and_none_fails()
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6106), ReadWrite);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.PostJsonAsync("/api/notes", new { text = $"parallel {i}" })));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        var notes = await BearerClient.ReadArrayAsync(await client.GetAsync("/api/notes"));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"parallel {i}").Order(), notes.Select(n => (string?)n!["text"]).Order());
        Assert.Equal(50, notes.Select(n => (string?)n!["id"]).Distinct().Count());
    }

    [Fact]
    public async Task A_note_that_looks_like_sql_is_stored_and_answered_verbatim()
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6107), ReadWrite);
        var bystander = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6108), ReadWrite);
        Assert.Equal(HttpStatusCode.Created, (await bystander.PostJsonAsync("/api/notes", new { text = "untouched" })).StatusCode);
        const string Text = "Robert'); DROP TABLE notes; --\n' OR '1'='1; DELETE FROM profiles; --";

        var created = await BearerClient.ReadObjectAsync(await client.PostJsonAsync("/api/notes", new { text = Text }));
        var notFound = await client.DeleteAsync("/api/notes/x'%20OR%20'1'%3D'1");

        Assert.Equal(Text, (string?)created["text"]);
        await BearerClient.AssertProblemAsync(notFound, HttpStatusCode.NotFound);
        Assert.Equal(Text, (string?)Assert.Single(await BearerClient.ReadArrayAsync(await client.GetAsync("/api/notes")))!["text"]);
        Assert.Equal("untouched", (string?)Assert.Single(await BearerClient.ReadArrayAsync(await bystander.GetAsync("/api/notes")))!["text"]);
    }
}
