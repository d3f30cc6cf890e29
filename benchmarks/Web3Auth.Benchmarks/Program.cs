using BenchmarkDotNet.Running;
using Web3Auth.Benchmarks;

// BenchmarkDotNet with the config below, for the classes picked on the command line (for example --filter '*');
// or, with --probe, the quick interleaved A/B check. docs/performance.md gives the command behind each figure.
if (args.Length > 0 && args[0] == "--probe")
{
    InterleavedProbe.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, BenchmarkConfig.Create());
