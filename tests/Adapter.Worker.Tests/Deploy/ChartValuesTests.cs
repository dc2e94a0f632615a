using System.Text.Json;
using Adapter.Worker.Hosting;
using Adapter.Worker.Platforms.ServiceNow;
using Adapter.Worker.Tests.Commands;

namespace Adapter.Worker.Tests.Deploy;

/// <summary>
/// Keeps the chart's values.yaml in step with the application's configuration keys.
/// <para>The mapping, key by key:</para>
/// <list type="bullet">
/// <item>Every top-level section of the repository's appsettings.json except <c>Triage</c>
/// (Serilog, Adapter, ServiceNow, and any section added later) is mirrored under
/// <c>config:</c> in values.yaml with the same key paths and the same defaults; the chart renders
/// <c>config:</c> into the appsettings.json of its ConfigMap.</item>
/// <item><c>Triage</c> (taxonomy, rules, routing: about a thousand lines) is not restated in
/// values.yaml. The chart takes it whole from <c>triageSettings</c> (a file passed with
/// <c>--set-file</c>) or from <c>files/appsettings.json</c>, which is a link to the repository's
/// file, so there is no second copy to drift.</item>
/// <item>The keys in <see cref="SetByChart"/> never come from <c>config:</c>: the chart sets them
/// as environment variables (<c>Section__Key</c>), from a Secret (credentials) or from other values
/// (listen URL, store, SQLite path). They must be absent from <c>config:</c>, their source value
/// must exist in values.yaml, and the templates must set their variable.</item>
/// </list>
/// A key that one side has and the other lacks fails a test that names it and says where to add it.
/// </summary>
public sealed class ChartValuesTests
{
    private const string TriageSection = "Triage";

    /// <summary>Configuration key → the values.yaml path it is set from (as an environment variable).</summary>
    public static readonly IReadOnlyDictionary<string, string> SetByChart = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Adapter:Urls"] = "containerPort",
        ["Adapter:Store"] = "postgres.enabled",
        ["Adapter:SqlitePath"] = "persistence.mountPath",
        ["Adapter:PostgresConnectionString"] = "secrets.postgresConnectionString",
        ["ServiceNow:Password"] = "secrets.serviceNowPassword",
        ["ServiceNow:ClientSecret"] = "secrets.serviceNowClientSecret",
        ["ServiceNow:WebhookSecret"] = "secrets.serviceNowWebhookSecret",
        ["Jira:ApiToken"] = "secrets.jiraApiToken",
        ["Jira:BearerToken"] = "secrets.jiraBearerToken",
        ["Jira:WebhookSecret"] = "secrets.jiraWebhookSecret",
    };

    /// <summary>Keys the chart already sets whose option lands with other work: the PostgreSQL
    /// store (issue 6) adds <c>Adapter:PostgresConnectionString</c>. Once <see cref="AdapterOptions"/>
    /// has the property, or appsettings.json the key, this exemption no longer matters.</summary>
    private static readonly HashSet<string> KeysAddedByOtherWork = new(StringComparer.Ordinal) { "Adapter:PostgresConnectionString" };

    private static readonly Dictionary<string, Type> OptionsBySection = new(StringComparer.Ordinal)
    {
        [AdapterOptions.SectionName] = typeof(AdapterOptions),
        [ServiceNowOptions.SectionName] = typeof(ServiceNowOptions),
    };

    private readonly IDictionary<object, object> _values = ChartFiles.LoadValues();
    private readonly JsonElement _appsettings = LoadAppsettings();

    [Fact]
    public void ValuesConfig_Sections_AreTheAppsettingsSectionsExceptTriage()
    {
        // Arrange
        var expected = _appsettings.EnumerateObject().Select(p => p.Name).Where(n => n != TriageSection).Order(StringComparer.Ordinal).ToList();

        // Act
        var actual = Config().Keys.Select(k => (string)k).Order(StringComparer.Ordinal).ToList();

        // Assert
        Assert.True(
            expected.SequenceEqual(actual),
            $"values.yaml config: has sections [{string.Join(", ", actual)}]; appsettings.json has [{string.Join(", ", expected)}] (Triage excepted). Add or remove the section under config: in deploy/helm/triage-adapter/values.yaml.");
    }

    [Fact]
    public void ValuesConfig_EveryAppsettingsKey_IsInConfigOrSetByChart()
    {
        // Arrange
        var appsettings = MirroredAppsettingsKeys();
        var config = ConfigKeys();

        // Act
        var missing = appsettings.Keys.Where(k => !config.ContainsKey(k) && !SetByChart.ContainsKey(k)).ToList();

        // Assert
        Assert.True(missing.Count == 0, $"appsettings.json keys missing from values.yaml config: (add them with their default and a comment): {string.Join(", ", missing)}");
    }

    [Fact]
    public void ValuesConfig_EveryKey_IsAnAppsettingsKey()
    {
        // Arrange
        var appsettings = MirroredAppsettingsKeys();

        // Act
        var unknown = ConfigKeys().Keys.Where(k => !appsettings.ContainsKey(k)).ToList();

        // Assert
        Assert.True(unknown.Count == 0, $"values.yaml config: keys that appsettings.json lacks (the worker would refuse them as unknown): {string.Join(", ", unknown)}");
    }

    [Fact]
    public void ValuesConfig_Defaults_EqualAppsettingsDefaults()
    {
        // Arrange
        var appsettings = MirroredAppsettingsKeys();

        // Act
        var different = ConfigKeys()
            .Where(kv => appsettings.TryGetValue(kv.Key, out var v) && v != kv.Value)
            .Select(kv => $"{kv.Key}: values.yaml '{kv.Value}', appsettings.json '{appsettings[kv.Key]}'")
            .ToList();

        // Assert
        Assert.True(different.Count == 0, $"values.yaml config: defaults differ from appsettings.json:{Environment.NewLine}{string.Join(Environment.NewLine, different)}");
    }

    [Fact]
    public void ValuesConfig_KeysSetByChart_AreAbsent()
    {
        // Arrange
        var config = ConfigKeys();

        // Act
        var doubled = SetByChart.Keys.Where(config.ContainsKey).ToList();

        // Assert: an environment variable would silently override the file's value.
        Assert.True(doubled.Count == 0, $"values.yaml config: has keys the chart sets itself (remove them; see the values named in ChartValuesTests.SetByChart): {string.Join(", ", doubled)}");
    }

    [Fact]
    public void KeysSetByChart_AreConfigurationKeysOfTheApplication()
    {
        // Arrange
        var appsettings = FlattenAppsettings();

        // Act
        var unknown = SetByChart.Keys
            .Where(k => !appsettings.ContainsKey(k) && !IsOptionsProperty(k) && !KeysAddedByOtherWork.Contains(k))
            .ToList();

        // Assert
        Assert.True(unknown.Count == 0, $"the chart sets keys that are neither in appsettings.json nor options properties: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void KeysSetByChart_SourceValues_ExistInValuesYaml()
    {
        // Act
        var missing = SetByChart.Values.Where(path => ChartFiles.At(_values, path) is null).ToList();

        // Assert
        Assert.True(missing.Count == 0, $"values.yaml lacks: {string.Join(", ", missing)}");
    }

    [Fact]
    public void KeysSetByChart_Templates_SetTheirEnvironmentVariables()
    {
        // Arrange
        var helpers = ChartFiles.ReadText("templates", "_helpers.tpl");

        // Act
        var unset = SetByChart.Keys
            .Select(k => k.Replace(":", "__", StringComparison.Ordinal))
            .Where(name => !helpers.Contains($"- name: {name}\n", StringComparison.Ordinal))
            .ToList();

        // Assert
        Assert.True(unset.Count == 0, $"templates/_helpers.tpl sets no environment variable for: {string.Join(", ", unset)}");
    }

    [Fact]
    public void ChartAppsettingsFile_IsTheRepositoryFile()
    {
        // Arrange
        var repository = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "appsettings.json"));

        // Act
        var chart = ChartFiles.ReadText("files", "appsettings.json");

        // Assert: a link, not a copy, so the chart's default Triage rules are the shipped ones.
        Assert.Equal(repository, chart);
        Assert.NotNull(new FileInfo(ChartFiles.PathOf("files", "appsettings.json")).LinkTarget);
    }

    private static JsonElement LoadAppsettings()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "appsettings.json")));
        return document.RootElement.Clone();
    }

    private static bool IsOptionsProperty(string key)
    {
        var parts = key.Split(':');
        return parts.Length == 2 && OptionsBySection.TryGetValue(parts[0], out var type) && type.GetProperty(parts[1]) is not null;
    }

    private IDictionary<object, object> Config() =>
        ChartFiles.At(_values, "config") as IDictionary<object, object> ?? throw new InvalidOperationException("values.yaml has no config: mapping");

    private SortedDictionary<string, string> ConfigKeys() => ChartFiles.FlattenYaml(Config(), "");

    private SortedDictionary<string, string> FlattenAppsettings() => ChartFiles.FlattenJson(_appsettings, "");

    private SortedDictionary<string, string> MirroredAppsettingsKeys()
    {
        var keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in _appsettings.EnumerateObject().Where(p => p.Name != TriageSection))
        {
            foreach (var (key, value) in ChartFiles.FlattenJson(section.Value, section.Name))
            {
                keys[key] = value;
            }
        }

        return keys;
    }
}
