namespace Adapter.Worker.Tests.Platforms.ServiceNow;

/// <summary>Tests that start a real worker host run one class at a time: each host runs a
/// processor, Quartz and a sandbox, and several at once starve the runner's few cores.</summary>
[CollectionDefinition(Name)]
public sealed class WorkerHostTests
{
    public const string Name = "worker host";
}
