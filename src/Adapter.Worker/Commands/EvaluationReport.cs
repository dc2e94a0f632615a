using System.Globalization;
using Adapter.Core.Classification;
using Adapter.Core.Taxonomy;
using Spectre.Console;

namespace Adapter.Worker.Commands;

/// <summary>Prints accuracy per label, the bucket and severity confusion matrices and severity-1
/// recall after a labeled batch.</summary>
internal static class EvaluationReport
{
    public static void Print(IAnsiConsole console, TriageEvaluation e)
    {
        console.WriteLine($"bucket accuracy: {Format(e.BucketAccuracy)} ({e.BucketCorrect}/{e.BucketLabeled})");
        console.WriteLine($"system accuracy: {Format(e.SystemAccuracy)} ({e.SystemCorrect}/{e.SystemLabeled})");
        console.WriteLine($"severity exact: {Format(e.SeverityExactAccuracy)} ({e.SeverityExact}/{e.SeverityLabeled})");
        console.WriteLine($"severity within one: {Format(e.SeverityWithinOneAccuracy)} ({e.SeverityWithinOne}/{e.SeverityLabeled})");
        console.WriteLine($"severity-1 recall: {Format(e.SeverityOneRecall)} ({e.SeverityOneFound}/{e.SeverityOneLabeled})");

        if (e.BucketLabeled > 0)
        {
            var buckets = Enum.GetValues<Bucket>();
            var table = new Table { Title = new TableTitle("bucket: labeled (rows) x decided (columns)") }.AddColumn("labeled");
            foreach (var b in buckets)
            {
                table.AddColumn(new TableColumn(b.ToWire()).RightAligned());
            }

            foreach (var row in buckets)
            {
                table.AddRow([row.ToWire(), .. buckets.Select(col => e.BucketConfusion(row, col).ToString(CultureInfo.InvariantCulture))]);
            }

            console.Write(table);
        }

        if (e.SeverityLabeled > 0)
        {
            var table = new Table { Title = new TableTitle("severity: labeled (rows) x decided (columns)") }.AddColumn("labeled");
            for (var s = 1; s <= 4; s++)
            {
                table.AddColumn(new TableColumn(s.ToString(CultureInfo.InvariantCulture)).RightAligned());
            }

            for (var row = 1; row <= 4; row++)
            {
                table.AddRow([row.ToString(CultureInfo.InvariantCulture), .. Enumerable.Range(1, 4).Select(col => e.SeverityConfusion(row, col).ToString(CultureInfo.InvariantCulture))]);
            }

            console.Write(table);
        }
    }

    private static string Format(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.000", CultureInfo.InvariantCulture);
}
