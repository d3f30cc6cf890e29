using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using Perfolizer.Horology;

namespace Web3Auth.Benchmarks;

/// <summary>
/// One job sized for a 2-core machine: BenchmarkDotNet's default job spends minutes per benchmark finding its own
/// iteration count; this one runs one process, 3 warm-up and 15 measured iterations of about 250 ms each, so the
/// nine benchmarks finish in a few minutes. Every operation still runs thousands of times per iteration, and the
/// memory diagnoser reports allocations per operation.
/// </summary>
internal static class BenchmarkConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithId("Short2Core"))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
        .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared))
        // One table for the whole run; each class is a category, so ratios compare within a class only.
        .WithOptions(ConfigOptions.JoinSummary)
        .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
}
