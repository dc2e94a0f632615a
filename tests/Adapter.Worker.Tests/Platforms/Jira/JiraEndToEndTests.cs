using Adapter.Sandbox.Jira;
using Adapter.Sandbox.ServiceNow;
using Adapter.Worker.Platforms.Jira;

namespace Adapter.Worker.Tests.Platforms.Jira;

/// <summary>The worker against the Jira sandbox over real HTTP, through Prism: every issue ends with
/// the decided routing fields and exactly one comment, whichever intake brought it and whatever fails.</summary>
public sealed class JiraEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Polling_NewIssues_RoutedWithOneCommentEach()
    {
        await using var harness = new JiraWorkerHarness();
        var keys = harness.SeedSamples(25);

        await harness.StartAsync();
        await JiraWorkerHarness.WaitUntilAsync(() => harness.AllRouted(keys), Patience);
        await harness.StopAsync();

        harness.AssertRoutedOnce(keys);
    }
}
