using Adapter.Worker.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using ILogger = Microsoft.Extensions.Logging.ILogger;
using Serilog.Core;

namespace Adapter.Worker.Tests.Privacy;

public sealed partial class AdapterLoggingTests
{
    [Fact]
    public void Configure_PropertyTemplateAndException_AllRedactedBeforeTheSink()
    {
        var collector = new LogCollector();
        using var provider = Services(collector);
        var logger = provider.GetRequiredService<ILogger<AdapterLoggingTests>>();
        var inner = new InvalidOperationException($"inner: e-mail {FakeIdentifiers.Email}");

        LogFailed(logger, new HttpRequestException($"ServiceNow said: {FakeIdentifiers.Sentence}", inner), $"MRN {FakeIdentifiers.Mrn}", new Uri($"http://example.test/x?ssn={FakeIdentifiers.Ssn}"));
#pragma warning disable CA1848, CA2254 // on purpose: a library that interpolates text into a template
        logger.LogWarning($"interpolated {FakeIdentifiers.Phone} and {FakeIdentifiers.Email}");
#pragma warning restore CA1848, CA2254
        provider.Dispose();

        Assert.Equal(2, collector.Lines.Count);
        FakeIdentifiers.AssertAbsent("log output", collector.All);
        Assert.Contains("[mrn]", collector.All, StringComparison.Ordinal);
        Assert.Contains("HttpRequestException", collector.All, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", collector.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_SecretInAnyProperty_Masked()
    {
        var collector = new LogCollector();
        using var provider = Services(collector, ("ServiceNow:WebhookSecret", "whsec-super-private-42"));
        var logger = provider.GetRequiredService<ILogger<AdapterLoggingTests>>();

        LogFailed(logger, new InvalidOperationException("bad key whsec-super-private-42"), "whsec-super-private-42", new Uri("http://example.test/"));
        provider.Dispose();

        Assert.DoesNotContain("whsec-super-private-42", collector.All, StringComparison.Ordinal);
        Assert.Contains("[secret]", collector.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_LevelFromConfiguration_AppliesBeforeTheRedactor()
    {
        var collector = new LogCollector();
        using var provider = Services(collector, ("Serilog:MinimumLevel:Default", "Error"));
        var logger = provider.GetRequiredService<ILogger<AdapterLoggingTests>>();

        LogFailed(logger, new InvalidOperationException("x"), "warning only", new Uri("http://example.test/"));
        provider.Dispose();

        Assert.Empty(collector.Lines);
    }

    private static ServiceProvider Services(LogCollector collector, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(new SensitiveDataRedactor(configuration));
        services.AddSingleton<ILogEventSink>(collector);
        services.AddSerilog((sp, lc) => AdapterLogging.Configure(lc, configuration, sp));
        return services.BuildServiceProvider();
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Call failed for {Subject} at {Url}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string subject, Uri url);
}
