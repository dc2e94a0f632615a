using Adapter.Worker.Escalation;
using Adapter.Worker.Intake;
using Adapter.Worker.Platforms.Jira;
using Adapter.Worker.Platforms.ServiceNow;
using Adapter.Worker.Privacy;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;
using Microsoft.Extensions.Options;
using Prometheus;
using Quartz;
using Serilog;

namespace Adapter.Worker.Hosting;

/// <summary>Composes the service: configuration, store, platforms, the inbox processor, Quartz
/// polling, webhooks, health and metrics.</summary>
internal static class AdapterHost
{
    public static WebApplication Build(IConfiguration configuration, bool once = false, Action<IServiceCollection>? overrides = null)
    {
        var problems = ConfigurationValidation.Validate(configuration);
        if (problems.Count > 0)
        {
            throw new Adapter.Core.Classification.TriageConfigurationException(problems);
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        var adapter = configuration.GetSection(AdapterOptions.SectionName).Get<AdapterOptions>() ?? new AdapterOptions();
        builder.WebHost.UseUrls(adapter.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = adapter.MaxWebhookBodyBytes);
        // The host's own logger, not the static Log.Logger: hosts in one process (the tests) would
        // otherwise log through whichever set it last, and a disposed one silences the rest.
        builder.Services.AddSerilog((services, logger) => AdapterLogging.Configure(logger, configuration, services), preserveStaticLogger: true);
        builder.Services.AddAdapterWorker(configuration, once);
        builder.Services.AddWebhookRateLimiting();
        overrides?.Invoke(builder.Services);

        var app = builder.Build();
        OperatingSignals.Register(app.Services);
        app.UseExceptionHandler(PlainErrors.Options);
        app.UseRateLimiter();
        app.MapPost("/webhooks/servicenow", ServiceNowWebhook.HandleAsync);
        app.MapPost("/webhooks/jira", JiraWebhook.HandleAsync);
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", Readiness.Handle);
        app.MapGet("/metrics", async (HttpContext context, AdapterMetrics metrics) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4";
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        return app;
    }

    public static IServiceCollection AddAdapterWorker(this IServiceCollection services, IConfiguration configuration, bool once)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new SensitiveDataRedactor(configuration));
        services.AddOptions<AdapterOptions>().Bind(configuration.GetSection(AdapterOptions.SectionName));
        services.AddOptions<ServiceNowOptions>().Bind(configuration.GetSection(ServiceNowOptions.SectionName));
        services.AddOptions<Adapter.Core.Audit.AuditOptions>().Bind(configuration.GetSection(Adapter.Core.Audit.AuditOptions.SectionName));
        services.AddSingleton<PlatformReachability>();
        services.AddOptions<JiraOptions>().Bind(configuration.GetSection(JiraOptions.SectionName));
        services.AddOptions<CrossPlatformEscalationOptions>().Bind(configuration.GetSection(CrossPlatformEscalationOptions.SectionName));
        services.AddSingleton<EscalationRouter>();
        services.AddSingleton<AdapterMetrics>();
        services.AddSingleton<InboxSignal>();
        services.AddSingleton<TriageRules>();
        services.AddAdapterStore();
        services.AddSingleton<InboxProcessor>();

        var serviceNow = configuration.GetSection(ServiceNowOptions.SectionName).Get<ServiceNowOptions>() ?? new ServiceNowOptions();
        if (serviceNow.Enabled)
        {
            services.AddServiceNowClient(serviceNow);
            services.AddSingleton<ITicketPlatform, ServiceNowPlatform>();
        }

        var jira = configuration.GetSection(JiraOptions.SectionName).Get<JiraOptions>() ?? new JiraOptions();
        var escalation = configuration.GetSection(CrossPlatformEscalationOptions.SectionName).Get<CrossPlatformEscalationOptions>() ?? new CrossPlatformEscalationOptions();
        if (jira.Enabled || escalation.Enabled)
        {
            // Escalation opens issues through the same client, whether or not Jira's own issues are triaged.
            services.AddJiraClient(jira);
            services.AddSingleton<JiraSiteContext>();
        }

        if (jira.Enabled)
        {
            services.AddSingleton<ITicketPlatform, JiraPlatform>();
        }

        if (escalation.Enabled)
        {
            services.AddSingleton<ITicketPlatform, JiraEscalationPlatform>();
        }

        if (once)
        {
            return services;
        }

        services.AddHostedService(sp => sp.GetRequiredService<InboxProcessor>());

        // SIGTERM: the processor gets DrainTimeout to finish in-flight items, then releases the
        // rest; the host must wait longer than that, or it would stop waiting mid-release.
        services.AddOptions<HostOptions>().Configure<IOptions<AdapterOptions>>((host, a) => host.ShutdownTimeout = a.Value.DrainTimeout + TimeSpan.FromSeconds(15));
        var adapter = configuration.GetSection(AdapterOptions.SectionName).Get<AdapterOptions>() ?? new AdapterOptions();
        services.AddQuartz(q =>
        {
            q.UseAdapterJobStore(adapter);
            q.ConfigureScheduler(s => s.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
            if (serviceNow.Enabled && serviceNow.PollingEnabled)
            {
                var key = PollJob.KeyFor(ServiceNowPlatform.PlatformName);
                q.AddJob<PollJob>(j => j.WithIdentity(key).UsingJobData(PollJob.PlatformKey, ServiceNowPlatform.PlatformName));
                q.AddTrigger(t => t.ForJob(key).WithIdentity($"{key.Name}-trigger", "intake").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(serviceNow.PollInterval).RepeatForever()));
            }

            if (jira.Enabled && jira.PollingEnabled)
            {
                var key = PollJob.KeyFor(JiraPlatform.PlatformName);
                q.AddJob<PollJob>(j => j.WithIdentity(key).UsingJobData(PollJob.PlatformKey, JiraPlatform.PlatformName));
                q.AddTrigger(t => t.ForJob(key).WithIdentity($"{key.Name}-trigger", "intake").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(jira.PollInterval).RepeatForever()));
            }

            if (escalation.Enabled)
            {
                var key = PollJob.KeyFor(EscalationLink.Platform);
                q.AddJob<PollJob>(j => j.WithIdentity(key).UsingJobData(PollJob.PlatformKey, EscalationLink.Platform));
                q.AddTrigger(t => t.ForJob(key).WithIdentity($"{key.Name}-trigger", "intake").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(escalation.PollInterval).RepeatForever()));
            }
        });
        services.AddQuartzHostedService(q => q.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Migrates the store and checks each platform against the live instance.</summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<IAdapterStore>().MigrateAsync(cancellationToken);
        foreach (var platform in services.GetServices<ITicketPlatform>())
        {
            await platform.VerifyAsync(cancellationToken);
        }
    }
}
