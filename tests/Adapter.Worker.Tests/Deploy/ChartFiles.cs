using System.Globalization;
using System.Text.Json;
using Adapter.Worker.Tests.Commands;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Adapter.Worker.Tests.Deploy;

/// <summary>The chart's files and the repository's <c>appsettings.json</c>, read as data: YAML and
/// JSON become flat maps of configuration key paths (<c>Section:Key:0:Sub</c>, as
/// <c>IConfiguration</c> names them) to their scalar values.</summary>
internal static class ChartFiles
{
    public static string ChartDirectory => Path.Combine(CliRunner.RepositoryRoot, "deploy", "helm", "triage-adapter");

    public static string PathOf(params string[] parts) => Path.Combine([ChartDirectory, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(PathOf(parts));

    /// <summary>values.yaml as YamlDotNet's object graph: dictionaries, lists and strings.</summary>
    public static IDictionary<object, object> LoadValues() => ParseYamlMapping(ReadText("values.yaml"));

    public static IDictionary<object, object> ParseYamlMapping(string yaml) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(yaml)
        ?? throw new InvalidOperationException("empty YAML document");

    /// <summary>Every non-empty document of a multi-document stream (what <c>helm template</c> prints).</summary>
    public static IReadOnlyList<IDictionary<object, object>> ParseYamlDocuments(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var documents = new List<IDictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (deserializer.Deserialize<Dictionary<object, object>>(parser) is { Count: > 0 } document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    /// <summary>The value at a dotted path (<c>secrets.existingSecret</c>), or null.</summary>
    public static object? At(IDictionary<object, object> root, string dottedPath)
    {
        object? node = root;
        foreach (var part in dottedPath.Split('.'))
        {
            if (node is not IDictionary<object, object> map || !map.TryGetValue(part, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Leaf key paths of a YAML node under <paramref name="prefix"/>; sequence items are
    /// numbered as the configuration binder numbers JSON array items.</summary>
    public static SortedDictionary<string, string> FlattenYaml(object? node, string prefix)
    {
        var leaves = new SortedDictionary<string, string>(StringComparer.Ordinal);
        AddYaml(leaves, node, prefix);
        return leaves;
    }

    /// <summary>Leaf key paths of a JSON element under <paramref name="prefix"/>, with the scalar's
    /// text as configuration sees it (<c>true</c>, <c>8</c>, <c>00:00:20</c>).</summary>
    public static SortedDictionary<string, string> FlattenJson(JsonElement element, string prefix)
    {
        var leaves = new SortedDictionary<string, string>(StringComparer.Ordinal);
        AddJson(leaves, element, prefix);
        return leaves;
    }

    private static void AddYaml(SortedDictionary<string, string> leaves, object? node, string path)
    {
        switch (node)
        {
            case IDictionary<object, object> map:
                foreach (var (key, value) in map)
                {
                    AddYaml(leaves, value, Join(path, Convert.ToString(key, CultureInfo.InvariantCulture)!));
                }

                break;
            case IList<object> list:
                for (var i = 0; i < list.Count; i++)
                {
                    AddYaml(leaves, list[i], Join(path, i.ToString(CultureInfo.InvariantCulture)));
                }

                break;
            default:
                leaves[path] = Convert.ToString(node, CultureInfo.InvariantCulture) ?? "";
                break;
        }
    }

    private static void AddJson(SortedDictionary<string, string> leaves, JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    AddJson(leaves, property.Value, Join(path, property.Name));
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    AddJson(leaves, item, Join(path, (i++).ToString(CultureInfo.InvariantCulture)));
                }

                break;
            case JsonValueKind.String:
                leaves[path] = element.GetString()!;
                break;
            case JsonValueKind.Null:
                leaves[path] = "";
                break;
            default:
                leaves[path] = element.GetRawText();
                break;
        }
    }

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : $"{prefix}:{key}";
}
