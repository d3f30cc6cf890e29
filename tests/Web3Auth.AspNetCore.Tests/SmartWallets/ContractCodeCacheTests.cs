using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.SmartWallets;

/// <summary>The memory of <c>eth_getCode</c> answers: how long an answer is kept, and how many.</summary>
public class ContractCodeCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly ManualTimeProvider _time = new();

    private static EthereumAddress Address(int n)
    {
        var bytes = new byte[EthereumAddress.Size];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), n);
        return new EthereumAddress(bytes);
    }

    [Fact]
    public void An_answer_is_kept_for_the_lifetime_and_not_a_tick_longer()
    {
        var cache = new ContractCodeCache(_time, Lifetime, capacity: 16);
        cache.Set(1, Address(1), hasCode: true);
        cache.Set(1, Address(2), hasCode: false);

        _time.Advance(Lifetime - TimeSpan.FromTicks(1));
        Assert.True(cache.TryGet(1, Address(1), out var hasCode) && hasCode);
        Assert.True(cache.TryGet(1, Address(2), out hasCode) && !hasCode);

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.False(cache.TryGet(1, Address(1), out _));
        Assert.False(cache.TryGet(1, Address(2), out _));
    }

    [Fact]
    public void Answers_are_per_chain_and_address()
    {
        var cache = new ContractCodeCache(_time, Lifetime, capacity: 16);
        cache.Set(1, Address(1), hasCode: true);

        Assert.False(cache.TryGet(8453, Address(1), out _));
        Assert.False(cache.TryGet(1, Address(2), out _));
    }

    [Fact]
    public void A_flood_of_distinct_addresses_stays_within_the_capacity_and_keeps_the_newest()
    {
        var cache = new ContractCodeCache(_time, Lifetime, capacity: 100);

        for (var i = 0; i < 10_000; i++)
        {
            cache.Set(1, Address(i), hasCode: false);
            Assert.InRange(cache.Count, 1, 100);
            if (i % 7 == 0)
            {
                _time.Advance(TimeSpan.FromMilliseconds(1)); // the flood arrives over time, all within one lifetime
            }
        }

        Assert.True(cache.TryGet(1, Address(9_999), out _));
        Assert.False(cache.TryGet(1, Address(0), out _));
    }

    [Fact]
    public void When_full_expired_answers_go_first()
    {
        var cache = new ContractCodeCache(_time, Lifetime, capacity: 8);
        for (var i = 0; i < 8; i++)
        {
            cache.Set(1, Address(i), hasCode: true);
        }

        _time.Advance(Lifetime);
        cache.Set(1, Address(100), hasCode: true);

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_new_answer_for_a_known_address_replaces_it_without_evicting_others()
    {
        var cache = new ContractCodeCache(_time, Lifetime, capacity: 2);
        cache.Set(1, Address(1), hasCode: false);
        cache.Set(1, Address(2), hasCode: false);

        cache.Set(1, Address(1), hasCode: true);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(1, Address(1), out var hasCode) && hasCode);
        Assert.True(cache.TryGet(1, Address(2), out _));
    }
}
