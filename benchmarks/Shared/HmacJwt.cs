using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Web3Auth.Benchmarks;

/// <summary>Writes compact HS256 JWTs (RFC 7519); any JWT library validates them.</summary>
internal static class HmacJwt
{
    public static string Create(IEnumerable<Claim> claims, string issuer, string audience, DateTimeOffset issuedAt, DateTimeOffset expires, byte[] key)
    {
        using var payload = new MemoryStream();
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            foreach (var group in claims.GroupBy(c => c.Type, StringComparer.Ordinal))
            {
                var values = group.Select(c => c.Value).ToArray();
                if (values.Length == 1)
                {
                    json.WriteString(group.Key, values[0]);
                }
                else
                {
                    json.WriteStartArray(group.Key);
                    foreach (var value in values)
                    {
                        json.WriteStringValue(value);
                    }

                    json.WriteEndArray();
                }
            }

            json.WriteString("iss", issuer);
            json.WriteString("aud", audience);
            json.WriteNumber("iat", issuedAt.ToUnixTimeSeconds());
            json.WriteNumber("nbf", issuedAt.ToUnixTimeSeconds());
            json.WriteNumber("exp", expires.ToUnixTimeSeconds());
            json.WriteEndObject();
        }

        var signingInput = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8) + "." + Base64Url.EncodeToString(payload.ToArray());
        var signature = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}
