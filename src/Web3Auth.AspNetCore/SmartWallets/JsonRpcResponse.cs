namespace Web3Auth.AspNetCore;

/// <summary>What a JSON-RPC answer was.</summary>
internal enum JsonRpcResponseKind
{
    Result,
    Error,
    Malformed,
}

/// <summary>One parsed JSON-RPC answer: a result string, an error (code and message), or something unusable.</summary>
internal readonly record struct JsonRpcResponse(JsonRpcResponseKind Kind, string? Value, int? ErrorCode, string? ErrorMessage)
{
    public static JsonRpcResponse Result(string value) => new(JsonRpcResponseKind.Result, value, null, null);

    public static JsonRpcResponse Error(int? code, string? message) => new(JsonRpcResponseKind.Error, null, code, message);

    public static JsonRpcResponse Malformed(string why) => new(JsonRpcResponseKind.Malformed, null, null, why);
}
