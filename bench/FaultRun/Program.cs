using Adapter.Bench.FaultRun;

// A bounded fault run: N incidents in a ServiceNow sandbox that fails a share of its calls,
// worker replicas on one PostgreSQL database, one of them killed (SIGKILL) and restarted every
// few seconds. Counts the incidents never triaged and those written twice; both must be 0.
var options = FaultRunOptions.Parse(args);
var result = await FaultRunner.RunAsync(options);
await File.WriteAllTextAsync(options.Output, FaultRunReport.Markdown(options, result));
Console.WriteLine(FaultRunReport.Summary(result));
return result.Lost + result.MisRouted == 0 && result.WrittenTwice == 0 ? 0 : 1;
