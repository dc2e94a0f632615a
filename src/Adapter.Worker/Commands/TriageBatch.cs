using System.Globalization;
using Adapter.Core.Classification;
using Adapter.Core.Taxonomy;
using CsvHelper;
using CsvHelper.Configuration;

namespace Adapter.Worker.Commands;

/// <summary>The batch CSV contract of <c>design.md</c>: reads <c>id,title,description</c> (and the
/// label columns <c>bucket</c>, <c>secondary_bucket</c>, <c>system</c>, <c>severity</c> when
/// present), writes one decision row per input row. The output file appears only when the whole
/// input was read; a failure leaves no partial file behind.</summary>
internal sealed class TriageBatch(TriageClassifier classifier)
{
    public static readonly string[] OutputHeader =
        ["id", "bucket", "secondary_bucket", "system", "severity", "resolver_group", "confidence", "needs_review", "escalation", "rules"];

    private static readonly string[] RequiredColumns = ["id", "title", "description"];

    /// <summary>Called every <see cref="ProgressInterval"/> rows with the bytes read so far.</summary>
    public Action<long>? Progress { get; init; }

    public const int ProgressInterval = 1000;

    public TriageEvaluation Run(string inputPath, string outputPath)
    {
        if (!File.Exists(inputPath))
        {
            throw new BatchInputException($"{inputPath}: file not found");
        }

        var outputFull = Path.GetFullPath(outputPath);
        if (!Directory.Exists(Path.GetDirectoryName(outputFull)))
        {
            throw new BatchInputException($"{outputPath}: the output directory does not exist");
        }

        var temporary = Path.Combine(Path.GetDirectoryName(outputFull)!, $".{Path.GetFileName(outputFull)}.{Guid.NewGuid():N}.partial");
        try
        {
            var evaluation = new TriageEvaluation();
            using (var input = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            using (var reader = new StreamReader(input))
            using (var csv = new CsvReader(reader, ReaderConfiguration(inputPath)))
            using (var writer = new StreamWriter(temporary, append: false))
            using (var output = new CsvWriter(writer, CultureInfo.InvariantCulture))
            {
                Process(csv, output, inputPath, evaluation, input);
            }

            File.Move(temporary, outputFull, overwrite: true);
            return evaluation;
        }
        catch
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw;
        }
    }

    private void Process(CsvReader csv, CsvWriter output, string inputPath, TriageEvaluation evaluation, FileStream input)
    {
        if (!csv.Read() || !csv.ReadHeader())
        {
            throw new BatchInputException($"{inputPath}: the file is empty; expected a header with {string.Join(",", RequiredColumns)}");
        }

        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = RequiredColumns.Where(c => Array.IndexOf(header, c) < 0).ToArray();
        if (missing.Length > 0)
        {
            throw new BatchInputException($"{inputPath}: header lacks column(s) {string.Join(", ", missing)}; found {string.Join(",", header)}");
        }

        var columns = new Columns(header);
        foreach (var name in OutputHeader)
        {
            output.WriteField(name);
        }

        output.NextRecord();
        var rows = 0;
        while (csv.Read())
        {
            rows++;
            var row = csv.Parser.Row;
            var id = csv.GetField(columns.Id) ?? "";
            var title = csv.GetField(columns.Title) ?? "";
            var description = csv.GetField(columns.Description) ?? "";
            if (string.IsNullOrWhiteSpace(title) && string.IsNullOrWhiteSpace(description))
            {
                throw new BatchInputException($"{inputPath}: row {row} (id '{id}') has neither title nor description");
            }

            var decision = classifier.Classify(title, description);
            WriteDecision(output, id, decision);
            var labels = ReadLabels(csv, columns, inputPath, row);
            if (labels is { } l)
            {
                evaluation.Add(l, decision);
            }

            if (rows % ProgressInterval == 0)
            {
                Progress?.Invoke(input.Position);
            }
        }
    }

    private static void WriteDecision(CsvWriter output, string id, TriageDecision decision)
    {
        output.WriteField(id);
        output.WriteField(decision.Bucket.ToWire());
        output.WriteField(decision.SecondaryBucket?.ToWire() ?? "");
        output.WriteField(decision.System.ToWire());
        output.WriteField(decision.Severity);
        output.WriteField(decision.ResolverGroup);
        output.WriteField(decision.Confidence.ToString("0.###", CultureInfo.InvariantCulture));
        output.WriteField(decision.NeedsReview ? "true" : "false");
        output.WriteField(decision.Escalation?.Trigger.ToWire() ?? "");
        output.WriteField(decision.RuleIds);
        output.NextRecord();
    }

    private static TriageLabels? ReadLabels(CsvReader csv, Columns columns, string path, int row)
    {
        if (!columns.HasLabels)
        {
            return null;
        }

        var bucket = Parse<Bucket>(columns.Bucket, "bucket", WireNames.TryParseBucket);
        var secondary = Parse<Bucket>(columns.SecondaryBucket, "secondary_bucket", WireNames.TryParseBucket);
        var system = Parse<SystemKind>(columns.System, "system", WireNames.TryParseSystem);
        int? severity = null;
        var severityText = columns.Severity >= 0 ? csv.GetField(columns.Severity)?.Trim() : null;
        if (!string.IsNullOrEmpty(severityText))
        {
            severity = int.TryParse(severityText, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= 4
                ? s
                : throw new BatchInputException($"{path}: row {row} has severity '{severityText}', expected 1-4");
        }

        return new TriageLabels(bucket, secondary, system, severity);

        T? Parse<T>(int column, string name, TryParser<T> parser)
            where T : struct
        {
            var text = column >= 0 ? csv.GetField(column)?.Trim() : null;
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            return parser(text, out var value) ? value : throw new BatchInputException($"{path}: row {row} has {name} '{text}', which is not a known value");
        }
    }

    private delegate bool TryParser<T>(string? text, out T value)
        where T : struct;

    private static CsvConfiguration ReaderConfiguration(string path) => new(CultureInfo.InvariantCulture)
    {
        HasHeaderRecord = true,
        DetectColumnCountChanges = false,
        MissingFieldFound = args => throw new BatchInputException($"{path}: row {args.Context.Parser?.Row} lacks field {args.HeaderNames?.FirstOrDefault() ?? args.Index.ToString(CultureInfo.InvariantCulture)}"),
        BadDataFound = args => throw new BatchInputException($"{path}: row {args.Context.Parser?.Row} is not valid CSV (a stray or unterminated quote)"),
    };

    private sealed class Columns
    {
        public Columns(string[] header)
        {
            Id = Array.IndexOf(header, "id");
            Title = Array.IndexOf(header, "title");
            Description = Array.IndexOf(header, "description");
            Bucket = Array.IndexOf(header, "bucket");
            SecondaryBucket = Array.IndexOf(header, "secondary_bucket");
            System = Array.IndexOf(header, "system");
            Severity = Array.IndexOf(header, "severity");
        }

        public int Id { get; }

        public int Title { get; }

        public int Description { get; }

        public int Bucket { get; }

        public int SecondaryBucket { get; }

        public int System { get; }

        public int Severity { get; }

        public bool HasLabels => Bucket >= 0 || System >= 0 || Severity >= 0;
    }
}
