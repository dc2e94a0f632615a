using Adapter.Core.Taxonomy;

namespace Adapter.Core.Classification;

/// <summary>Labels a person gave a ticket, for measuring the classifier. Any may be absent.</summary>
public readonly record struct TriageLabels(Bucket? Bucket, Bucket? SecondaryBucket, SystemKind? System, int? Severity);

/// <summary>Accumulates decisions against labels: accuracy per label, confusion matrices for
/// bucket and severity, severity-1 recall. A ticket labeled with two buckets counts as right when
/// the decision's primary bucket is either of them.</summary>
public sealed class TriageEvaluation
{
    private readonly int[,] _bucketConfusion = new int[3, 3];
    private readonly int[,] _severityConfusion = new int[4, 4];

    public int BucketLabeled { get; private set; }

    public int BucketCorrect { get; private set; }

    public int SystemLabeled { get; private set; }

    public int SystemCorrect { get; private set; }

    public int SeverityLabeled { get; private set; }

    public int SeverityExact { get; private set; }

    public int SeverityWithinOne { get; private set; }

    public int SeverityOneLabeled { get; private set; }

    public int SeverityOneFound { get; private set; }

    public bool HasLabels => BucketLabeled + SystemLabeled + SeverityLabeled > 0;

    public double BucketAccuracy => Ratio(BucketCorrect, BucketLabeled);

    public double SystemAccuracy => Ratio(SystemCorrect, SystemLabeled);

    public double SeverityExactAccuracy => Ratio(SeverityExact, SeverityLabeled);

    public double SeverityWithinOneAccuracy => Ratio(SeverityWithinOne, SeverityLabeled);

    public double SeverityOneRecall => Ratio(SeverityOneFound, SeverityOneLabeled);

    /// <summary>Counts of [labeled, decided] bucket pairs, indexed by <see cref="Bucket"/>.</summary>
    public int BucketConfusion(Bucket labeled, Bucket decided) => _bucketConfusion[(int)labeled, (int)decided];

    /// <summary>Counts of [labeled, decided] severity pairs, 1-4.</summary>
    public int SeverityConfusion(int labeled, int decided) => _severityConfusion[labeled - 1, decided - 1];

    public static bool IsBucketCorrect(TriageLabels labels, TriageDecision decision) =>
        labels.Bucket is { } b && (decision.Bucket == b || decision.Bucket == labels.SecondaryBucket);

    public void Add(TriageLabels labels, TriageDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (labels.Bucket is { } bucket)
        {
            BucketLabeled++;
            var correct = IsBucketCorrect(labels, decision);
            BucketCorrect += correct ? 1 : 0;
            _bucketConfusion[(int)bucket, (int)(correct ? bucket : decision.Bucket)]++;
        }

        if (labels.System is { } system)
        {
            SystemLabeled++;
            SystemCorrect += decision.System == system ? 1 : 0;
        }

        if (labels.Severity is { } severity)
        {
            SeverityLabeled++;
            SeverityExact += decision.Severity == severity ? 1 : 0;
            SeverityWithinOne += Math.Abs(decision.Severity - severity) <= 1 ? 1 : 0;
            _severityConfusion[severity - 1, decision.Severity - 1]++;
            if (severity == 1)
            {
                SeverityOneLabeled++;
                SeverityOneFound += decision.Severity == 1 ? 1 : 0;
            }
        }
    }

    private static double Ratio(int part, int whole) => whole == 0 ? double.NaN : (double)part / whole;
}
