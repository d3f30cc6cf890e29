using System.Net;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore.Tests.Handler;

// SessionCreating: raised by the sign-in lifecycle, not the handler, once a signed message passed every check.
public abstract partial class SharedWeb3HandlerTests
{
    [Fact]
    public async Task SessionCreating_gets_the_wallet_the_chain_and_the_signed_permissions()
    {
        var seen = new List<(EthereumAddress Address, ulong ChainId, bool IsRenewal, string[] Signed, string[] Granted, string Scheme, Web3SessionKeyOptions Options)>();
        await using var host = await StartAsync(o => o.Events.OnSessionCreating = c =>
        {
            seen.Add((c.Address, c.ChainId, c.IsRenewal, [.. c.SignedPermissions.Order()], [.. c.GrantedPermissions.Order()], c.Scheme.Name, c.Options));
            return Task.CompletedTask;
        });

        var token = await host.SignInTokenAsync(Wallet, ["profile/read", "profile/write"]);
        await host.SignInAsync(Wallet, ["profile/read"], renewToken: token);

        Assert.Equal(2, seen.Count);
        var (address, chainId, isRenewal, signed, granted, scheme, options) = seen[0];
        Assert.Equal(Wallet.Address, address);
        Assert.Equal(1UL, chainId);
        Assert.False(isRenewal);
        Assert.Equal(["profile/read", "profile/write"], signed);
        Assert.Equal(signed, granted);
        Assert.Equal(SchemeName, scheme);
        Assert.Same(host.Options, options);
        Assert.True(seen[1].IsRenewal);
        Assert.Equal(["profile/read"], seen[1].Signed);
    }

    [Fact]
    public async Task SessionCreating_can_refuse_the_login_and_the_message_stays_unused()
    {
        var refuse = true;
        await using var host = await StartAsync(o => o.Events.OnSessionCreating = c =>
        {
            if (refuse)
            {
                c.Refuse("This wallet is not on the allow-list.");
            }

            return Task.CompletedTask;
        });
        var message = await host.ChallengeAsync(Wallet);

        var refused = await host.SubmitAsync(Wallet, message);
        refuse = false;
        var accepted = await host.SubmitAsync(Wallet, message);

        var problem = await Web3TestClient.AssertProblemAsync(refused, HttpStatusCode.Forbidden, Web3ErrorCodes.LoginRefused);
        Assert.Equal("This wallet is not on the allow-list.", (string?)problem["detail"]);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task SessionCreating_can_withhold_a_signed_permission()
    {
        await using var host = await StartAsync(o => o.Events.OnSessionCreating = c =>
        {
            c.RemovePermission("profile/write");
            return Task.CompletedTask;
        });

        var session = await host.SignInAsync(Wallet, ["profile/read", "profile/write"]);
        var token = (string)session["token"]!;

        Assert.Equal(["profile/read"], session["permissions"]!.AsArray().Select(p => (string)p!["name"]!));
        await Web3TestClient.AssertProblemAsync(await host.GetAsync(Web3HandlerHost.WritePath, token), HttpStatusCode.Forbidden, Web3ErrorCodes.InsufficientScope);
    }
}
