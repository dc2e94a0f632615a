using System.Text.RegularExpressions;

namespace Adapter.Worker.Tests.Deploy;

/// <summary>The chart's refusal to run several replicas on the SQLite store, read from the template
/// text, so it holds on a machine without helm too (<see cref="ChartRenderTests"/> renders it
/// where helm is installed).</summary>
public sealed partial class ChartGuardTests
{
    [Fact]
    public void ValidateTemplate_Always_IncludesTheRules()
    {
        // Arrange
        var template = ChartFiles.ReadText("templates", "validate.yaml");

        // Act
        var include = template.Contains("include \"triage-adapter.validate\" .", StringComparison.Ordinal);

        // Assert: not inside any condition, so it runs whatever else the values switch off.
        Assert.True(include, "templates/validate.yaml must include triage-adapter.validate");
        Assert.DoesNotContain("{{- if", template, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateRules_MoreThanOneReplicaWithoutPostgres_Fail()
    {
        // Arrange
        var rules = DefineBlock(ChartFiles.ReadText("templates", "_helpers.tpl"), "triage-adapter.validate");

        // Act
        var guard = ReplicaGuard().Match(rules);

        // Assert: the condition, then a fail whose message says what to set and why.
        Assert.True(guard.Success, $"no replicas/PostgreSQL guard in triage-adapter.validate:{Environment.NewLine}{rules}");
        var message = guard.Groups["message"].Value;
        Assert.Contains("postgres.enabled=true", message, StringComparison.Ordinal);
        Assert.Contains("SQLite", message, StringComparison.Ordinal);
        Assert.Contains("more than once", message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeploymentTemplate_Replicas_ComeFromTheGuardedValue()
    {
        // Arrange
        var deployment = ChartFiles.ReadText("templates", "deployment.yaml");
        var rules = DefineBlock(ChartFiles.ReadText("templates", "_helpers.tpl"), "triage-adapter.validate");

        // Act
        var replicas = deployment.Contains("replicas: {{ int .Values.replicaCount }}", StringComparison.Ordinal);

        // Assert
        Assert.True(replicas, "the Deployment's replicas must be .Values.replicaCount, the value the guard checks");
        Assert.Contains("$replicas := int .Values.replicaCount", rules, StringComparison.Ordinal);
    }

    private static string DefineBlock(string helpers, string name)
    {
        var start = helpers.IndexOf($"{{{{- define \"{name}\" -}}}}", StringComparison.Ordinal);
        Assert.True(start >= 0, $"_helpers.tpl defines no {name}");
        var end = helpers.IndexOf("{{- define ", start + 1, StringComparison.Ordinal);
        return end < 0 ? helpers[start..] : helpers[start..end];
    }

    [GeneratedRegex("""\{\{-\s*if and \(gt \$replicas 1\) \(not \.Values\.postgres\.enabled\)\s*-\}\}\s*\{\{-\s*fail \(printf "(?<message>[^"]+)" \$replicas\)\s*-\}\}""")]
    private static partial Regex ReplicaGuard();
}
