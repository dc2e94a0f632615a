using Adapter.Worker.Hosting;
using Adapter.Worker.Tests.Platforms.Jira;
using Microsoft.Extensions.Configuration;

namespace Adapter.Worker.Tests.Escalation;

public sealed class EscalationConfigurationTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["ServiceNow:Enabled"] = "true",
        ["ServiceNow:InstanceUrl"] = "https://example.service-now.com",
        ["ServiceNow:UserName"] = "adapter.integration",
        ["ServiceNow:Password"] = "password-from-env",
        ["Jira:ApiToken"] = "token-from-env",
        ["Escalation:Enabled"] = "true",
        ["Escalation:Destinations:Interface Team:ProjectKey"] = "INTEG",
        ["Escalation:Rules:0:Id"] = "interop-sev1-2",
        ["Escalation:Rules:0:Bucket"] = "interoperability",
        ["Escalation:Rules:0:MaxSeverity"] = "2",
        ["Escalation:Rules:0:Destination"] = "Interface Team",
    };

    [Fact]
    public void Validate_EscalationToAJiraProject_NoProblems() =>
        Assert.Empty(ConfigurationValidation.Validate(With([])));

    [Theory]
    [InlineData("Escalation:Destinations:Interface Team:ProjectKey", "integ team", "Escalation:Destinations:Interface Team:ProjectKey")]
    [InlineData("Escalation:Destinations:Night Shift:ProjectKey", "NIGHT", "Escalation:Destinations:Night Shift")]
    [InlineData("Escalation:Rules:0:Destination", "Nobody", "Escalation:Rules:0:Destination")]
    [InlineData("Escalation:Rules:0:Bucket", "interop", "Escalation:Rules:0:Bucket")]
    [InlineData("Escalation:Rules:0:Trigger", "fire", "Escalation:Rules:0:Trigger")]
    [InlineData("Escalation:LinkField", "description", "Escalation:LinkField")]
    [InlineData("Escalation:Description", "Everything", "Escalation")]
    [InlineData("ServiceNow:Enabled", "false", "Escalation:Enabled")]
    [InlineData("Jira:ApiToken", "", "Jira:ApiToken")]
    public void Validate_BadEscalationSetting_ProblemNamesKeyPath(string key, string value, string keyPath)
    {
        var problems = ConfigurationValidation.Validate(With(new() { [key] = value }));

        Assert.Contains(problems, p => p.KeyPath.StartsWith(keyPath, StringComparison.Ordinal));
    }

    private static IConfiguration With(Dictionary<string, string?> changes)
    {
        var settings = new Dictionary<string, string?>(Valid);
        foreach (var (k, v) in changes)
        {
            settings[k] = v;
        }

        foreach (var group in JiraWorkerHarness.BaseConfiguration.GetSection("Triage:Routing:Groups").Get<string[]>()!)
        {
            settings[$"ServiceNow:Fields:AssignmentGroups:{group}"] = "0123456789abcdef0123456789abcdef";
        }

        return new ConfigurationBuilder().AddConfiguration(JiraWorkerHarness.BaseConfiguration).AddInMemoryCollection(settings).Build();
    }
}
