using Serilog;
using Serilog.Core;

namespace Adapter.Worker.Privacy;

/// <summary>Serilog from the <c>Serilog</c> section, with every sink behind the
/// <see cref="RedactingSink"/>: levels, enrichers and filters configured there apply to the
/// logger, the <c>WriteTo</c> sinks (and any <see cref="ILogEventSink"/> registered as a
/// service) receive only redacted events. No configuration can put a sink in front of it.</summary>
internal static class AdapterLogging
{
    private const string Section = "Serilog";
    private const string SinksKey = "Serilog:WriteTo";
    private const string UsingKey = "Serilog:Using";

    public static void Configure(LoggerConfiguration logger, IConfiguration configuration, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var sinks = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .ReadFrom.Configuration(View(configuration, key => (IsUnder(key, SinksKey) || IsUnder(key, UsingKey)) && !IsTerminalOnlyDrop(key)));
        foreach (var sink in services.GetServices<ILogEventSink>())
        {
            sinks.WriteTo.Sink(sink);
        }

        logger
            .ReadFrom.Configuration(View(configuration, key => !IsUnder(key, SinksKey)))
            .WriteTo.Sink(new RedactingSink(sinks.CreateLogger(), services.GetRequiredService<SensitiveDataRedactor>()));
    }

    private static IConfiguration View(IConfiguration configuration, Func<string, bool> keep) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.GetSection(Section).AsEnumerable().Where(kv => kv.Value is not null && keep(kv.Key)))
            .Build();

    /// <summary>On an interactive terminal a person reads the log: the console sinks drop their
    /// configured (JSON) formatter and write Serilog's plain text. Redirected output (a container,
    /// a file, a pipe) keeps the configured JSON.</summary>
    private static bool IsTerminalOnlyDrop(string key) =>
        !Console.IsOutputRedirected && key.EndsWith(":Args:formatter", StringComparison.OrdinalIgnoreCase);

    private static bool IsUnder(string key, string prefix) =>
        key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (key.Length == prefix.Length || key[prefix.Length] == ':');
}
