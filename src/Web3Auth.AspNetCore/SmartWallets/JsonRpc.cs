using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The three Ethereum JSON-RPC 2.0 requests the smart-wallet checks make (<c>eth_chainId</c>, <c>eth_getCode</c>,
/// <c>eth_call</c>, always at block <c>latest</c>) and the parsing of their answers. Pure: no I/O. Written with
/// <see cref="Utf8JsonWriter"/> and read with <see cref="JsonDocument"/>: no reflection, trim-safe.
/// </summary>
internal static class JsonRpc
{
    public static byte[] ChainIdRequest(long id) => Request(id, "eth_chainId", static _ => { });

    public static byte[] GetCodeRequest(long id, EthereumAddress address) =>
        Request(id, "eth_getCode", writer =>
        {
            writer.WriteStringValue(address.ToLowercaseString());
            writer.WriteStringValue("latest");
        });

    /// <summary>An <c>eth_call</c>; without <paramref name="to"/> the data runs as contract creation code (deployless).</summary>
    public static byte[] CallRequest(long id, EthereumAddress? to, ReadOnlySpan<byte> data)
    {
        var hex = Hex.Encode(data);
        return Request(id, "eth_call", writer =>
        {
            writer.WriteStartObject();
            if (to is { } address)
            {
                writer.WriteString("to", address.ToLowercaseString());
            }

            writer.WriteString("data", hex);
            writer.WriteEndObject();
            writer.WriteStringValue("latest");
        });
    }

    private static byte[] Request(long id, string method, Action<Utf8JsonWriter> writeParams)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteNumber("id", id);
            writer.WriteString("method", method);
            writer.WriteStartArray("params");
            writeParams(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads a response to the request with <paramref name="id"/>. Never throws: anything that is not a JSON-RPC 2.0
    /// response object with that id and either a string <c>result</c> or an <c>error</c> object is
    /// <see cref="JsonRpcResponseKind.Malformed"/>.
    /// </summary>
    public static JsonRpcResponse ParseResponse(ReadOnlySpan<byte> utf8, long id)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 16 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("id", out var answeredId) || answeredId.ValueKind != JsonValueKind.Number
                || !answeredId.TryGetInt64(out var number) || number != id)
            {
                return JsonRpcResponse.Malformed("not a JSON-RPC response to this request");
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("code", out var codeElement) && codeElement.TryGetInt32(out var value) ? value : (int?)null;
                var message = error.TryGetProperty("message", out var messageElement) && messageElement.ValueKind == JsonValueKind.String
                    ? messageElement.GetString()
                    : null;
                return JsonRpcResponse.Error(code, message);
            }

            return root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.String
                ? JsonRpcResponse.Result(result.GetString()!)
                : JsonRpcResponse.Malformed("neither a result string nor an error object");
        }
        catch (JsonException)
        {
            return JsonRpcResponse.Malformed("not JSON");
        }
    }

    /// <summary>Decodes a DATA value: <c>0x</c> followed by an even number of hex digits (<c>0x</c> alone is empty).</summary>
    public static bool TryDecodeData(string text, out byte[] bytes)
    {
        bytes = [];
        if (!text.StartsWith("0x", StringComparison.Ordinal) || !Hex.TryDecode(text, out var decoded))
        {
            return false;
        }

        bytes = decoded;
        return true;
    }

    /// <summary>Decodes a QUANTITY value: <c>0x</c> followed by 1 to 16 hex digits, without leading zeros (<c>0x0</c> is zero).</summary>
    public static bool TryDecodeQuantity(string text, out ulong value)
    {
        value = 0;
        var digits = text.AsSpan();
        if (!digits.StartsWith("0x", StringComparison.Ordinal))
        {
            return false;
        }

        digits = digits[2..];
        return digits.Length is > 0 and <= 16
            && (digits.Length == 1 || digits[0] != '0')
            && ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Whether an error answer to <c>eth_call</c> means the called code reverted (the contract said no) rather than
    /// that the node failed. Nodes disagree on the shape: Geth and most providers use code 3 ("execution reverted"),
    /// Hardhat -32603 with "reverted" in the message, older Geth -32000 "execution reverted". Anything not recognised
    /// counts as a node failure — a 503, never a false accept.
    /// </summary>
    public static bool IsRevert(int? code, string? message) =>
        code == 3 || (message is not null && message.Contains("revert", StringComparison.OrdinalIgnoreCase));
}
