using Adapter.Benchmarks;
using BenchmarkDotNet.Running;

// `--smoke` is the CI check: a few seconds in-process, no BenchmarkDotNet job.
if (args.Contains(SmokeRun.Argument, StringComparer.Ordinal))
{
    return SmokeRun.Run(Console.Out);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(ClassifierBenchmarks).Assembly).Run(args);
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
