using System.Globalization;

namespace Adapter.PipelineBench;

/// <summary>The knee of the webhook ramp: the first offered rate (medians of the repetitions) at which
/// the worker no longer keeps up (triaged under 90% of the offered rate), or the time from webhook to
/// the adapter's write (p50) is more than 3 times the lowest rate's and 50 ms more, or the acknowledgement p99 is
/// more than 3 times the lowest rate's and over 10 ms. Null when no rate qualifies.</summary>
internal sealed record Knee(int? Rate, int ProfileRate, string Reason)
{
    public static Knee Find(IReadOnlyList<WebhookResult> runs, IReadOnlyList<int> rates)
    {
        if (rates.Count == 0)
        {
            return new Knee(null, 0, "no webhook rates were run");
        }

        var first = Medians.ForRate(runs, rates[0]);
        foreach (var rate in rates)
        {
            var m = Medians.ForRate(runs, rate);
            if (m.Achieved < 0.9 * rate)
            {
                return new Knee(rate, rate, Inv($"at {rate}/s the worker triaged only {m.Achieved:F0}/s (median), so the backlog grows"));
            }

            if (rate != rates[0] && m.ToPatchP50 > 3 * first.ToPatchP50 && m.ToPatchP50 > first.ToPatchP50 + 50)
            {
                return new Knee(rate, rate, Inv($"at {rate}/s webhook→write p50 rose to {m.ToPatchP50:F0} ms from {first.ToPatchP50:F0} ms at {rates[0]}/s"));
            }

            if (rate != rates[0] && m.AckP99 > 3 * first.AckP99 && m.AckP99 > 10)
            {
                return new Knee(rate, rate, Inv($"at {rate}/s the acknowledgement p99 rose to {m.AckP99:F1} ms from {first.AckP99:F1} ms at {rates[0]}/s"));
            }
        }

        return new Knee(null, rates[^1], Inv($"no knee up to {rates[^1]}/s: every rate was kept up with and latency stayed within 3x of {rates[0]}/s"));
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Medians of the repetitions at one rate.</summary>
internal sealed record Medians(double AckP50, double AckP99, double AckP999, double ToPatchP50, double ToPatchP99, double Achieved,
    double ReadsPerTicket, double WritesPerTicket, double PeakMegabytes, double WorkerCpuPerThousand, double BenchCpuPerThousand, double MaxSendLag)
{
    public static Medians ForRate(IEnumerable<WebhookResult> runs, int rate)
    {
        var at = runs.Where(r => r.Rate == rate).ToList();
        return new Medians(
            Percentiles.Median(at.Select(r => r.AckP50Ms)),
            Percentiles.Median(at.Select(r => r.AckP99Ms)),
            Percentiles.Median(at.Select(r => r.AckP999Ms)),
            Percentiles.Median(at.Select(r => r.ToPatchP50Ms)),
            Percentiles.Median(at.Select(r => r.ToPatchP99Ms)),
            Percentiles.Median(at.Select(r => r.AchievedPerSecond)),
            Percentiles.Median(at.Select(r => r.Calls.ReadsPerTicket)),
            Percentiles.Median(at.Select(r => r.Calls.WritesPerTicket)),
            Percentiles.Median(at.Select(r => r.Cost.PeakMegabytes)),
            Percentiles.Median(at.Select(r => r.Cost.WorkerCpuPerThousand)),
            Percentiles.Median(at.Select(r => r.Cost.BenchCpuPerThousand)),
            Percentiles.Median(at.Select(r => r.MaxSendLagMs)));
    }
}
