using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.Fuzzing;

/// <summary>
/// <see cref="JsonRequestBody"/> in isolation: the limit holds however the body arrives (never more than limit + 1
/// bytes read), the transport limit is lowered, and no body, however broken, makes it throw.
/// </summary>
public class JsonRequestBodyTests
{
    private const int Limit = 64 * 1024;

    private static DefaultHttpContext Context(Stream body, long? contentLength = null, string? contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.ContentLength = contentLength;
        context.Request.Body = body;
        return context;
    }

    private static DefaultHttpContext Context(string json) => Context(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static Task<(SignInMessageRequest? Value, Web3ProblemResult? Problem)> ReadChallengeAsync(HttpContext context) =>
        JsonRequestBody.ReadAsync(context, Web3AuthJsonContext.Default.SignInMessageRequest, Limit);

    private static void AssertProblem(Web3ProblemResult? problem, int status, string error)
    {
        Assert.NotNull(problem);
        Assert.Equal(status, problem.Status);
        Assert.Equal(error, problem.Error);
        Assert.False(string.IsNullOrEmpty(problem.Detail));
    }

    [Fact]
    public async Task A_json_object_is_read()
    {
        var (value, problem) = await ReadChallengeAsync(Context("""{"address":"0x2c7536E3605D9C16a7a3D7b1898e529396a65c23","chainId":10}"""));

        Assert.Null(problem);
        Assert.Equal(10UL, value!.ChainId);
    }

    [Fact]
    public async Task A_body_that_is_not_declared_json_is_a_400_before_anything_is_read()
    {
        var body = new EndlessStream();
        var (value, problem) = await ReadChallengeAsync(Context(body, contentType: "text/plain"));

        Assert.Null(value);
        AssertProblem(problem, 400, Web3ErrorCodes.InvalidRequest);
        Assert.Equal("Send the body as application/json.", problem!.Detail);
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_a_413_before_anything_is_read()
    {
        var body = new EndlessStream();
        var (_, problem) = await ReadChallengeAsync(Context(body, contentLength: Limit + 1));

        AssertProblem(problem, 413, Web3ErrorCodes.RequestTooLarge);
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task An_endless_body_without_a_length_is_a_413_after_reading_one_byte_past_the_limit()
    {
        var body = new EndlessStream();
        var (_, problem) = await ReadChallengeAsync(Context(body));

        AssertProblem(problem, 413, Web3ErrorCodes.RequestTooLarge);
        Assert.Equal(Limit + 1, body.BytesRead);
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_read_and_one_byte_more_is_a_413()
    {
        const string json = """{"chainId":1}""";
        var (value, problem) = await ReadChallengeAsync(Context(json + new string(' ', Limit - json.Length)));
        Assert.Null(problem);
        Assert.Equal(1UL, value!.ChainId);

        (_, problem) = await ReadChallengeAsync(Context(json + new string(' ', Limit - json.Length + 1)));
        AssertProblem(problem, 413, Web3ErrorCodes.RequestTooLarge);
    }

    [Fact]
    public async Task The_transport_limit_is_lowered_to_the_body_limit_when_it_can_be()
    {
        var kestrelDefault = new BodySizeFeature { MaxRequestBodySize = 30_000_000 };
        var context = Context("{}");
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(kestrelDefault);
        await ReadChallengeAsync(context);
        Assert.Equal(Limit, kestrelDefault.MaxRequestBodySize);

        var unlimited = new BodySizeFeature { MaxRequestBodySize = null };
        context = Context("{}");
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(unlimited);
        await ReadChallengeAsync(context);
        Assert.Equal(Limit, unlimited.MaxRequestBodySize);

        // A stricter limit set by the application stays; a read-only one is left alone (setting it would throw).
        var stricter = new BodySizeFeature { MaxRequestBodySize = 1000 };
        context = Context("{}");
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(stricter);
        await ReadChallengeAsync(context);
        Assert.Equal(1000, stricter.MaxRequestBodySize);

        var readOnly = new BodySizeFeature { MaxRequestBodySize = 30_000_000, IsReadOnly = true };
        context = Context("{}");
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(readOnly);
        var (value, problem) = await ReadChallengeAsync(context);
        Assert.Null(problem);
        Assert.NotNull(value);
    }

    [Fact]
    public async Task The_servers_own_body_limit_is_a_413_and_broken_framing_a_400()
    {
        var (_, problem) = await ReadChallengeAsync(Context(new ThrowingStream(new BadHttpRequestException("Request body too large.", 413))));
        AssertProblem(problem, 413, Web3ErrorCodes.RequestTooLarge);

        (_, problem) = await ReadChallengeAsync(Context(new ThrowingStream(new BadHttpRequestException("Bad chunk size data.", 400))));
        AssertProblem(problem, 400, Web3ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Random_and_mutated_bodies_are_a_value_or_a_400_never_an_exception()
    {
        var run = new FuzzRun(nameof(Random_and_mutated_bodies_are_a_value_or_a_400_never_an_exception), 8259);
        var read = 0;
        for (var i = 0; i < 3000; i++)
        {
            var body = JsonBodies.Next(run.Random);
            var forSession = run.Random.Next(2) == 0;
            await run.CaseAsync(i, Encoding.UTF8.GetString(body), async () =>
            {
                var context = Context(new MemoryStream(body));
                object? value;
                Web3ProblemResult? problem;
                if (forSession)
                {
                    (value, problem) = await JsonRequestBody.ReadAsync(context, Web3AuthJsonContext.Default.SignInRequest, Limit);
                }
                else
                {
                    (value, problem) = await ReadChallengeAsync(context);
                }

                Assert.True(value is null != (problem is null), "exactly one of value and problem");
                if (problem is not null)
                {
                    // Deep nesting can run past the limit; then the size is what is refused.
                    if (body.Length > Limit)
                    {
                        AssertProblem(problem, 413, Web3ErrorCodes.RequestTooLarge);
                    }
                    else
                    {
                        AssertProblem(problem, 400, Web3ErrorCodes.InvalidRequest);
                    }
                }
                else
                {
                    read++;
                }
            });
        }

        // Mutations inside string values keep a body readable: the success path was fuzzed as well.
        Assert.InRange(read, 1, 2999);
    }

    private sealed class BodySizeFeature : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly { get; init; }

        public long? MaxRequestBodySize { get; set; }
    }

    /// <summary>A chunked body that never ends: counts what was read, so a test can tell how much was buffered.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            // Short reads, like a socket's: the reader must loop, and must stop on its own.
            var count = Math.Min(buffer.Length, 4000);
            buffer[..count].Fill((byte)' ');
            BytesRead += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A body whose first read fails the way Kestrel's does.</summary>
    private sealed class ThrowingStream(Exception exception) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw exception;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(exception);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromException<int>(exception);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
