using System.CommandLine;
using System.Globalization;
using Adapter.Core.Audit;
using Adapter.Worker.Hosting;
using Adapter.Worker.Storage;

namespace Adapter.Worker.Commands;

/// <summary><c>audit-report [--from D] [--to D] [--format html|csv|json] [--output F]</c>: the
/// audit over tickets closed between the two dates (UTC, both inclusive), from the store.</summary>
internal static class AuditReportCommand
{
    public static Command Create(Option<string?> config)
    {
        var from = new Option<string?>("--from") { Description = "First closure date, yyyy-MM-dd (UTC)" };
        var to = new Option<string?>("--to") { Description = "Last closure date, yyyy-MM-dd (UTC), inclusive" };
        var format = new Option<string>("--format") { Description = "html (default), csv or json", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong("html", "csv", "json");
        var output = new Option<string?>("--output", "-o") { Description = "File to write; default audit-report.html for html, standard output otherwise" };
        var command = new Command("audit-report", "Report category accuracy, overrides, misrouting and tuning suggestions from the audit records") { from, to, format, output };
        command.SetAction(async (result, cancellationToken) =>
        {
            var configuration = AdapterConfiguration.Build(result.GetValue(config));
            var adapter = configuration.GetSection(AdapterOptions.SectionName).Get<AdapterOptions>() ?? new AdapterOptions();
            IAdapterStore store = adapter.UsesPostgres() ? new PostgresAdapterStore(adapter.PostgresConnectionString) : new SqliteAdapterStore(adapter.SqlitePath);
            await store.MigrateAsync(cancellationToken);
            var start = ParseDate(result.GetValue(from), "--from");
            var end = ParseDate(result.GetValue(to), "--to")?.AddDays(1);
            var report = AuditReportBuilder.Build(await store.GetClosuresAsync(cancellationToken), await store.GetAuditFlagsAsync(cancellationToken), start, end);
            var kind = result.GetValue(format)!;
            var text = kind switch
            {
                "csv" => AuditReportWriter.ToCsv(report),
                "json" => AuditReportWriter.ToJson(report),
                _ => AuditReportWriter.ToHtml(report),
            };
            var path = result.GetValue(output) ?? (kind == "html" ? "audit-report.html" : null);
            if (path is null)
            {
                await Console.Out.WriteAsync(text);
                return 0;
            }

            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!Directory.Exists(directory))
            {
                throw new BatchInputException($"output directory '{directory}' does not exist");
            }

            await File.WriteAllTextAsync(path, text, cancellationToken);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"audit report ({kind}) written to {path}: {report.ClosedTickets} closed ticket(s), category accuracy {report.CategoryAccuracy * 100:0.#}%"));
            return 0;
        });
        return command;
    }

    private static DateTimeOffset? ParseDate(string? value, string option)
    {
        if (value is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : throw new BatchInputException($"{option} '{value}' is not a date (yyyy-MM-dd)");
    }
}
