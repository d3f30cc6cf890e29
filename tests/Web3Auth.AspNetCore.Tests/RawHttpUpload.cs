using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>
/// An HTTP/1.1 POST over a plain socket, for body-size tests against Kestrel. HttpClient would buffer, retry or give
/// up on its own when the server answers before the body is sent; this keeps sending from one reused buffer (so the
/// client itself allocates next to nothing) until the server answers or closes, and reads the answer meanwhile.
/// </summary>
internal static class RawHttpUpload
{
    private const int BlockSize = 64 * 1024;

    public sealed record Answer(int Status, string? ContentType, string Body, long BytesSent);

    /// <summary>Posts <paramref name="bodyBytes"/> of JSON whitespace, chunked or with a Content-Length (declared or true).</summary>
    public static async Task<Answer> PostAsync(int port, string path, long bodyBytes, bool chunked, long? declaredLength = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();

        var framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + (declaredLength ?? bodyBytes).ToString(CultureInfo.InvariantCulture);
        var head = Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n{framing}\r\n\r\n");

        var reading = ReadAnswerAsync(stream, timeout.Token);
        long sent = 0;
        try
        {
            await stream.WriteAsync(head, timeout.Token);
            var block = Block(chunked);
            var payloadPerBlock = BlockSize;
            while (sent < bodyBytes && !reading.IsCompleted)
            {
                if (bodyBytes - sent < payloadPerBlock)
                {
                    // The last, shorter piece: the only write that allocates.
                    var rest = (int)(bodyBytes - sent);
                    var tail = chunked ? Chunk(rest) : new byte[rest];
                    if (!chunked)
                    {
                        tail.AsSpan().Fill((byte)' ');
                    }

                    await stream.WriteAsync(tail, timeout.Token);
                    sent += rest;
                    break;
                }

                await stream.WriteAsync(block, timeout.Token);
                sent += payloadPerBlock;
            }

            if (chunked && sent >= bodyBytes && !reading.IsCompleted)
            {
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), timeout.Token);
            }
        }
        catch (IOException)
        {
            // The server answered and closed the connection without reading the rest: what a limit is for.
        }
        catch (SocketException)
        {
        }

        var (status, contentType, body) = await reading;
        return new Answer(status, contentType, body, sent);
    }

    private static byte[] Block(bool chunked) => chunked ? Chunk(BlockSize) : Filled(new byte[BlockSize]);

    private static byte[] Filled(byte[] bytes)
    {
        bytes.AsSpan().Fill((byte)' ');
        return bytes;
    }

    private static byte[] Chunk(int size)
    {
        var header = Encoding.ASCII.GetBytes(size.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
        var chunk = new byte[header.Length + size + 2];
        header.CopyTo(chunk, 0);
        chunk.AsSpan(header.Length, size).Fill((byte)' ');
        "\r\n"u8.CopyTo(chunk.AsSpan(header.Length + size));
        return chunk;
    }

    // Reads until the answer is complete (Content-Length or chunked framing) or the server closes the connection.
    private static async Task<(int Status, string? ContentType, string Body)> ReadAnswerAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException) when (received.Length > 0)
            {
                read = 0; // reset after the answer arrived
            }

            received.Write(buffer, 0, read);
            if (TryParse(received.ToArray(), out var answer) || read == 0)
            {
                return answer;
            }
        }
    }

    private static bool TryParse(byte[] bytes, out (int Status, string? ContentType, string Body) answer)
    {
        answer = (0, null, "");
        var text = Encoding.Latin1.GetString(bytes);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0)
        {
            return false;
        }

        var lines = text[..headEnd].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        headers.TryGetValue("Content-Type", out var contentType);
        var rest = text[(headEnd + 4)..];

        if (headers.TryGetValue("Content-Length", out var length))
        {
            var expected = int.Parse(length, CultureInfo.InvariantCulture);
            answer = (status, contentType, rest[..Math.Min(expected, rest.Length)]);
            return rest.Length >= expected;
        }

        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            var body = new StringBuilder();
            var at = 0;
            while (true)
            {
                var lineEnd = rest.IndexOf("\r\n", at, StringComparison.Ordinal);
                if (lineEnd < 0)
                {
                    answer = (status, contentType, body.ToString());
                    return false;
                }

                var size = int.Parse(rest[at..lineEnd], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    answer = (status, contentType, body.ToString());
                    return true;
                }

                if (rest.Length < lineEnd + 2 + size + 2)
                {
                    answer = (status, contentType, body.ToString());
                    return false;
                }

                body.Append(rest, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
        }

        answer = (status, contentType, rest);
        return false; // no framing: complete when the server closes
    }
}
