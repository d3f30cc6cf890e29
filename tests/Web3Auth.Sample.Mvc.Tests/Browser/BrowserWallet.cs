using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Browser;

/// <summary>
/// A wallet injected into the browser: an EIP-1193 provider announced through EIP-6963 (or, for old-style
/// wallets, set as <c>window.ethereum</c>). The page's requests are forwarded to this object through Playwright's
/// <c>ExposeFunction</c>, and <c>personal_sign</c> signs with a real secp256k1 key (<see cref="TestWallet"/>,
/// libsecp256k1): the server verifies exactly what a real wallet would have produced.
/// </summary>
public sealed class BrowserWallet
{
    private const string BindingName = "__web3TestWallet";

    private readonly ConcurrentQueue<string> _signed = new();

    public BrowserWallet(TestWallet key) => Key = key;

    public TestWallet Key { get; }

    /// <summary>The EIP-55 address.</summary>
    public string Address => Key.Address.ToString();

    /// <summary>The chain the wallet is on (what <c>eth_chainId</c> answers); <c>wallet_switchEthereumChain</c> changes it.</summary>
    public ulong ChainId { get; set; } = 1;

    /// <summary>When set, the user "clicks Reject": <c>personal_sign</c> fails with EIP-1193 code 4001.</summary>
    public bool RejectsSignatures { get; set; }

    /// <summary>Runs before each signature, with the message text (e.g. to let the challenge expire).</summary>
    public Action<string>? BeforeSigning { get; set; }

    /// <summary>Announce through EIP-6963 (default) or only set <c>window.ethereum</c> like a legacy wallet.</summary>
    public bool AnnouncesWithEip6963 { get; init; } = true;

    public string Name { get; init; } = "Test Wallet";

    /// <summary>Every message this wallet signed, in order.</summary>
    public IReadOnlyList<string> SignedMessages => [.. _signed];

    public static BrowserWallet FromSeed(int seed) => new(TestWallet.FromSeed(seed));

    /// <summary>Injects the provider into every page of <paramref name="context"/>, before the page's own scripts run.</summary>
    public async Task InstallAsync(IBrowserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.ExposeFunctionAsync<string, string, string>(BindingName, Handle);
        await context.AddInitScriptAsync(ProviderScript());
    }

    // One EIP-1193 request: returns {"result": …} or {"error": {"code", "message"}} as JSON.
    private string Handle(string method, string parametersJson)
    {
        var parameters = JsonNode.Parse(parametersJson)?.AsArray() ?? [];
        try
        {
            JsonNode? result = method switch
            {
                "eth_requestAccounts" or "eth_accounts" => new JsonArray(Key.Address.ToLowercaseString()),
                "eth_chainId" => "0x" + ChainId.ToString("x", CultureInfo.InvariantCulture),
                "personal_sign" => PersonalSign(parameters),
                "wallet_switchEthereumChain" => SwitchChain(parameters),
                _ => throw new WalletException(4200, $"The test wallet does not support {method}."),
            };
            return new JsonObject { ["result"] = result }.ToJsonString();
        }
        catch (WalletException ex)
        {
            return new JsonObject { ["error"] = new JsonObject { ["code"] = ex.Code, ["message"] = ex.Message } }.ToJsonString();
        }
    }

    private string PersonalSign(JsonArray parameters)
    {
        var data = (string?)parameters[0] ?? "";
        var account = (string?)parameters[1] ?? "";
        if (!EthereumAddress.TryParse(account, out var address) || address != Key.Address)
        {
            throw new WalletException(4100, $"The test wallet has no account {account}.");
        }

        if (RejectsSignatures)
        {
            throw new WalletException(4001, "User rejected the request.");
        }

        // Wallets take the message as 0x-hex of its UTF-8 bytes (what the sample sends) or as plain text.
        var message = data.StartsWith("0x", StringComparison.Ordinal) ? Encoding.UTF8.GetString(Convert.FromHexString(data[2..])) : data;
        BeforeSigning?.Invoke(message);
        _signed.Enqueue(message);
        return Key.SignPersonalMessage(message);
    }

    private JsonNode? SwitchChain(JsonArray parameters)
    {
        var chain = (string?)parameters[0]?["chainId"] ?? throw new WalletException(-32602, "chainId is required.");
        ChainId = ulong.Parse(chain.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return null;
    }

    private string ProviderScript()
    {
        var info = JsonSerializer.Serialize(new
        {
            uuid = "7f8b8c2e-3b3a-4c55-9d1e-5a0f0c6e1a01",
            name = Name,
            icon = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='8' fill='#f97316'/><path d='M8 11h16v12H8z' fill='#fff'/><circle cx='20' cy='17' r='2' fill='#f97316'/></svg>")),
            rdns = "org.web3auth.test-wallet",
        });
        return $$"""
            (() => {
              const info = Object.freeze({{info}});
              const listeners = new Map();
              const provider = {
                async request({ method, params }) {
                  const answer = JSON.parse(await window.{{BindingName}}(method, JSON.stringify(params ?? [])));
                  if (answer.error) {
                    throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
                  }
                  return answer.result;
                },
                on(event, listener) { (listeners.get(event) ?? listeners.set(event, []).get(event)).push(listener); return provider; },
                removeListener(event, listener) { listeners.set(event, (listeners.get(event) ?? []).filter((l) => l !== listener)); return provider; },
              };
              if ({{(AnnouncesWithEip6963 ? "true" : "false")}}) {
                const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
                window.addEventListener("eip6963:requestProvider", announce);
                announce();
              } else {
                window.ethereum = provider;
              }
            })();
            """;
    }

    private sealed class WalletException(int code, string message) : Exception(message)
    {
        public int Code { get; } = code;
    }
}
