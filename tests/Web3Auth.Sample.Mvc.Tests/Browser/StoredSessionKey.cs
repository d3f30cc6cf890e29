using System.Text.Json;
using Microsoft.Playwright;

namespace Web3Auth.Sample.Mvc.Tests.Browser;

/// <summary>
/// What the page's client (web3auth-client.js) keeps for a key-bound session: one IndexedDB record (database
/// <c>web3auth</c>, object store <c>session-keys</c>, key <c>/auth/web3</c>) holding the key pair as CryptoKeys, the
/// public JWK, the token, the session id and the did:key. Read from inside the page, as any script of the site could.
/// </summary>
public sealed record StoredSessionKey(string Token, string SessionId, string SessionKey, JsonElement Jwk)
{
    /// <summary>
    /// A script function resolving to the raw record, or null. It never creates the database: an upgrade (the
    /// database does not exist yet) is aborted.
    /// </summary>
    public const string ReadRecordScript = """
        () => new Promise((resolve, reject) => {
          const open = indexedDB.open("web3auth");
          open.onupgradeneeded = () => open.transaction.abort();
          open.onerror = () => resolve(null);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains("session-keys")) {
              db.close();
              resolve(null);
              return;
            }
            const read = db.transaction("session-keys").objectStore("session-keys").get("/auth/web3");
            read.onsuccess = () => { db.close(); resolve(read.result ?? null); };
            read.onerror = () => { db.close(); reject(read.error); };
          };
        })
        """;

    /// <summary>The record of <paramref name="page"/>'s origin, or null when there is none.</summary>
    public static async Task<StoredSessionKey?> ReadAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var record = await page.EvaluateAsync<JsonElement?>($$"""
            async () => {
              const record = await ({{ReadRecordScript}})();
              return record && { token: record.token, sessionId: record.sessionId, sessionKey: record.sessionKey, jwk: record.jwk };
            }
            """);
        if (record is not { ValueKind: JsonValueKind.Object } found)
        {
            return null;
        }

        return new StoredSessionKey(
            found.GetProperty("token").GetString()!,
            found.GetProperty("sessionId").GetString()!,
            found.GetProperty("sessionKey").GetString()!,
            found.GetProperty("jwk").Clone());
    }

    /// <summary>The record, which must be there.</summary>
    public static async Task<StoredSessionKey> ReadRequiredAsync(IPage page) =>
        await ReadAsync(page) ?? throw new Xunit.Sdk.XunitException("The page keeps no session key in IndexedDB.");
}
