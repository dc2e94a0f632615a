using Adapter.Sandbox.Jira;

namespace Adapter.Worker.Tests.Platforms.Jira;

/// <summary>The start-up check of the field map against the edit screen (editmeta) of an issue in
/// the configured scope, through Prism: the worker refuses to start, naming the key path and the
/// field, where an edit would be refused with 400.</summary>
public sealed class JiraEditScreenTests
{
    [Fact]
    public async Task Start_MappedFieldNotOnEditScreen_RefusesNamingKeyPathAndField()
    {
        var sandbox = new JiraSandboxOptions();
        sandbox.FieldsOffScreen.Add(JiraWorkerHarness.BucketField);
        await using var harness = new JiraWorkerHarness(sandbox);
        harness.SeedSamples(1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(harness.StartAsync);

        Assert.Contains($"Jira:Fields:BucketField: field '{JiraWorkerHarness.BucketField}' is not on the edit screen of HELP-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Sandbox.CountRequests("PUT", "/rest/api/3/issue"));
        harness.AssertContract();
    }

    [Fact]
    public async Task Start_ComponentsNotOnEditScreen_RefusesNamingEveryKeyPathThatWritesThem()
    {
        var sandbox = new JiraSandboxOptions();
        sandbox.FieldsOffScreen.Add("components");
        await using var harness = new JiraWorkerHarness(sandbox);
        harness.SeedSamples(1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(harness.StartAsync);

        Assert.Contains("Jira:Fields:BucketComponents: field 'components' is not on the edit screen", error.Message, StringComparison.Ordinal);
        Assert.Contains("Jira:Fields:GroupTarget: field 'components' is not on the edit screen", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Jira:Fields:Priorities:1", "Blocker", "priority")]
    [InlineData("Jira:Fields:BucketOptions:clinical", "Clinical care", JiraWorkerHarness.BucketField)]
    [InlineData("Jira:Fields:Groups:Interface Team", "Integration Team", "components")]
    public async Task Start_ConfiguredValueNotAllowedOnSite_RefusesNamingKeyPathAndValue(string keyPath, string value, string field)
    {
        await using var harness = new JiraWorkerHarness();
        harness.Settings[keyPath] = value;
        harness.SeedSamples(1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(harness.StartAsync);

        Assert.Contains($"{keyPath}: '{value}' is not an allowed value of field '{field}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoIssueInScope_StartsWithoutReadingAnEditScreen()
    {
        await using var harness = new JiraWorkerHarness();

        await harness.RunOnceAsync();

        Assert.Equal(0, harness.Sandbox.CountRequests("GET", "/rest/api/3/issue/"));
    }

    [Fact]
    public async Task Start_MapMatchesEditScreen_OneEditMetaReadThatPassesTheContract()
    {
        await using var harness = new JiraWorkerHarness();
        var keys = harness.SeedSamples(2, skip: 230);

        await harness.RunOnceAsync();

        var newest = harness.Sandbox.GetIssue(keys[1]).Id;
        Assert.Equal(1, harness.Sandbox.CountRequests("GET", $"/rest/api/3/issue/{newest}/editmeta"));
        harness.AssertRoutedOnce(keys);
    }
}
