using Adapter.Worker.Hosting;
using Microsoft.Extensions.Configuration;

namespace Adapter.Worker.Tests.Platforms.Jira;

public sealed class JiraConfigurationTests
{
    [Fact]
    public void Validate_ShippedJiraSectionEnabledWithCredentials_NoProblems()
    {
        var problems = ConfigurationValidation.Validate(With(new() { ["Jira:Enabled"] = "true", ["Jira:ApiToken"] = "token-from-env" }));

        Assert.DoesNotContain(problems, p => p.KeyPath.StartsWith("Jira", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Jira:ApiToken", "", "Jira:ApiToken")]
    [InlineData("Jira:SiteUrl", "example.atlassian.net", "Jira:SiteUrl")]
    [InlineData("Jira:Jql", "project = HELP ORDER BY created", "Jira:Jql")]
    [InlineData("Jira:Fields:BucketField", "customfield_abc", "Jira:Fields:BucketField")]
    [InlineData("Jira:Fields:Priorities:2", "", "Jira:Fields:Priorities:2")]
    [InlineData("Jira:Fields:GroupTarget", "TeamField", "Jira:Fields:GroupField")]
    [InlineData("Jira:PageSize", "0", "Jira:PageSize")]
    public void Validate_BadJiraSetting_ProblemNamesKeyPath(string key, string value, string keyPath)
    {
        var problems = ConfigurationValidation.Validate(With(new() { ["Jira:Enabled"] = "true", ["Jira:ApiToken"] = "token-from-env", [key] = value }));

        Assert.Contains(problems, p => p.KeyPath == keyPath);
    }

    private static IConfiguration With(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddConfiguration(JiraWorkerHarness.BaseConfiguration).AddInMemoryCollection(settings).Build();
}
