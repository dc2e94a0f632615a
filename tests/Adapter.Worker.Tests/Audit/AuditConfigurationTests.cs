using Adapter.Core.Routing;
using Adapter.Worker.Hosting;
using Microsoft.Extensions.Configuration;

namespace Adapter.Worker.Tests.Audit;

/// <summary>The audit flag field is a routing-allowlist exception that start-up validates.</summary>
public sealed class AuditConfigurationTests
{
    [Theory]
    [InlineData("description", false)]
    [InlineData("comments", false)]
    [InlineData("u_Triage", false)]
    [InlineData("u_triage_audit", true)]
    public async Task ValidateConfig_FlagField_OnlyCustomLowerCaseFieldsAccepted(string field, bool valid)
    {
        using var cli = new Adapter.Worker.Tests.Commands.CliRunner();

        var result = await cli.RunAsync(["validate-config"], new Dictionary<string, string>
        {
            ["ServiceNow__Enabled"] = "true",
            ["ServiceNow__Password"] = "not-a-real-password",
            ["ServiceNow__Audit__FlagField"] = field,
        });

        Assert.Equal(valid, !result.StandardError.Contains("ServiceNow:Audit:FlagField", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NegativeMaxReassignments_ReportedWithKeyPath()
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(AdapterConfiguration.Build(null))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Audit:MaxReassignments"] = "-1" })
            .Build();

        Assert.Contains(ConfigurationValidation.Validate(configuration), p => p.KeyPath.StartsWith("Audit:MaxReassignments", StringComparison.Ordinal));
    }

    [Fact]
    public void EnsureAllowed_FlagFieldOutsideCustomFields_Refused()
    {
        Assert.Throws<InvalidOperationException>(() => RoutingFieldAllowlist.WithAuditFlagField(RoutingFieldAllowlist.ServiceNow, "close_notes"));
        var allowed = RoutingFieldAllowlist.WithAuditFlagField(RoutingFieldAllowlist.ServiceNow, "u_triage_audit");
        RoutingFieldAllowlist.EnsureAllowed(allowed, ["category", "u_triage_audit", "work_notes"]);
        Assert.Throws<InvalidOperationException>(() => RoutingFieldAllowlist.EnsureAllowed(allowed, ["u_other"]));
    }
}
