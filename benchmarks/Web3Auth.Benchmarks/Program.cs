using BenchmarkDotNet.Running;
using Web3Auth.Benchmarks;

// Runs the classes picked on the command line (for example --filter '*'), with the config below; see
// docs/performance.md for the commands behind each published figure.
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, BenchmarkConfig.Create());
