using System.Diagnostics.CodeAnalysis;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// Draws, per table request, whether it gets a fault and which. A seeded sequence: the same seed and the
/// same order of requests give the same faults. Thread-safe.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly double _rate;
    private readonly SandboxFaultKinds[] _kinds;
    private int _count;

    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Fault injection must be reproducible from a seed; nothing here is a secret.")]
    public FaultInjector(ServiceNowFaultOptions options)
    {
        _random = new Random(options.Seed);
        _rate = options.Rate;
        _kinds = [.. Enum.GetValues<SandboxFaultKinds>().Where(k => IsSingleKind(k) && options.Kinds.HasFlag(k))];
    }

    public int Count => Volatile.Read(ref _count);

    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Fault injection must be reproducible from a seed; nothing here is a secret.")]
    public SandboxFaultKinds Next()
    {
        if (_rate <= 0 || _kinds.Length == 0)
        {
            return SandboxFaultKinds.None;
        }

        lock (_gate)
        {
            if (_random.NextDouble() >= _rate)
            {
                return SandboxFaultKinds.None;
            }

            _count++;
            return _kinds[_random.Next(_kinds.Length)];
        }
    }

    private static bool IsSingleKind(SandboxFaultKinds kind) => kind != SandboxFaultKinds.None && (kind & (kind - 1)) == 0;
}
