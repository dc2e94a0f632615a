using Adapter.Core.Audit;
using ScottPlot;

namespace Adapter.Worker.Commands;

/// <summary>The report's two figures, drawn by ScottPlot as PNG bytes (headless, no display).</summary>
internal static class AuditPlots
{
    public const int Width = 720;
    public const int Height = 420;

    /// <summary>The bucket confusion matrix as a heat map: rows the adapter's first bucket (top
    /// to bottom), columns the final bucket, each cell labelled with its count.</summary>
    public static byte[] ConfusionHeatmap(BucketConfusion confusion)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        var rows = confusion.Rows.Count;
        var columns = confusion.Columns.Count;
        var data = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                data[r, c] = confusion.Counts[r][c];
            }
        }

        using var plot = new Plot();
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new CoordinateRect(0, columns, 0, rows);
        plot.Add.ColorBar(heatmap);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var label = plot.Add.Text(confusion.Counts[r][c].ToString(System.Globalization.CultureInfo.InvariantCulture), c + 0.5, rows - r - 0.5);
                label.LabelFontColor = Colors.White;
                label.LabelFontSize = 18;
                label.LabelAlignment = Alignment.MiddleCenter;
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, columns).Select(c => c + 0.5).ToArray(), confusion.Columns.ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, rows).Select(r => rows - r - 0.5).ToArray(), confusion.Rows.ToArray());
        plot.Axes.SetLimits(0, columns, 0, rows);
        plot.Title("Bucket confusion: first decision vs final");
        plot.XLabel("final bucket");
        plot.YLabel("adapter's first bucket");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Category accuracy per week (closed tickets), as a line with markers, in percent.</summary>
    public static byte[] WeeklyAccuracy(IReadOnlyList<WeeklyAccuracy> weeks)
    {
        ArgumentNullException.ThrowIfNull(weeks);
        using var plot = new Plot();
        if (weeks.Count > 0)
        {
            var xs = weeks.Select(w => w.WeekStart.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
            var ys = weeks.Select(w => w.Accuracy * 100).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LineWidth = 2;
            line.MarkerSize = 8;
            plot.Axes.DateTimeTicksBottom();
            const double pad = 3.5;
            plot.Axes.SetLimits(xs.Min() - pad, xs.Max() + pad, 0, 105);
        }
        else
        {
            plot.Axes.SetLimits(0, 1, 0, 105);
        }

        plot.Title("Category accuracy per week");
        plot.XLabel("week starting (Monday, UTC)");
        plot.YLabel("accuracy (%)");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
