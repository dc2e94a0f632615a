using Adapter.Benchmarks;
using BenchmarkDotNet.Running;

// `--smoke` is the CI check: a few seconds in-process, no BenchmarkDotNet job.
if (args.Contains(SmokeRun.Argument, StringComparer.Ordinal))
{
    return SmokeRun.Run(Console.Out);
}

// `--samples-throughput [csv]`: the labeled samples as written, for the baseline comparison.
var throughput = Array.IndexOf(args, SamplesThroughputRun.Argument);
if (throughput >= 0)
{
    return SamplesThroughputRun.Run(throughput + 1 < args.Length ? args[throughput + 1] : null, Console.Out);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(ClassifierBenchmarks).Assembly).Run(args);
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
