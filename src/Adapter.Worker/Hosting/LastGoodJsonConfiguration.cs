using Adapter.Core.Classification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Adapter.Worker.Hosting;

/// <summary>A JSON configuration file that, once loaded, never falls back to nothing: when an
/// edit does not parse (a typo, or a half-written file caught mid-save) the values of the last
/// good version stay in force and <see cref="LoadError"/> says why. The stock provider empties
/// itself instead, and every section of the file would silently drop to its defaults.</summary>
internal sealed class LastGoodJsonConfigurationSource : JsonConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        OnLoadException = context => ((LastGoodJsonConfigurationProvider)context.Provider).KeepLastGood(context);
        return new LastGoodJsonConfigurationProvider(this);
    }
}

/// <inheritdoc cref="LastGoodJsonConfigurationSource"/>
internal sealed class LastGoodJsonConfigurationProvider(LastGoodJsonConfigurationSource source) : JsonConfigurationProvider(source)
{
    private Dictionary<string, string?>? _lastGood;

    /// <summary>Why the file's latest version was refused; null while it is in force.</summary>
    public string? LoadError { get; private set; }

    public override void Load(Stream stream)
    {
        base.Load(stream);
        _lastGood = new Dictionary<string, string?>(Data, StringComparer.OrdinalIgnoreCase);
        LoadError = null;
    }

    /// <summary>Problems of every file whose edit was refused, found through chained configurations.</summary>
    public static IReadOnlyList<ConfigProblem> Problems(IConfiguration configuration) =>
        [.. Providers(configuration).OfType<LastGoodJsonConfigurationProvider>()
            .Where(p => p.LoadError is not null)
            .Select(p => new ConfigProblem(p.Source.Path ?? "(file)", p.LoadError!))];

    /// <summary>A failed first load still fails the start; a failed reload keeps the last good values.</summary>
    internal void KeepLastGood(FileLoadExceptionContext context)
    {
        if (_lastGood is null)
        {
            return;
        }

        Data = new Dictionary<string, string?>(_lastGood, StringComparer.OrdinalIgnoreCase);
        var reason = context.Exception;
        while (reason.InnerException is not null)
        {
            reason = reason.InnerException;
        }

        LoadError = $"the edited file is not valid JSON ({reason.Message.ReplaceLineEndings(" ")}); its last good version is in force";
        context.Ignore = true;
    }

    private static IEnumerable<IConfigurationProvider> Providers(IConfiguration configuration) =>
        configuration is IConfigurationRoot root
            ? root.Providers.SelectMany(p => p is ChainedConfigurationProvider chained ? Providers(chained.Configuration) : [p])
            : [];
}
