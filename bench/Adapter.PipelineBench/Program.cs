using Adapter.PipelineBench;

// The pipeline load tool: see bench/README.md. Exit 0 when every ticket was triaged exactly once.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

return await BenchRun.RunAsync(options, Console.Out);
