using System.Reflection;
using System.Runtime.ExceptionServices;
using Adapter.Worker.Storage;

namespace Adapter.Worker.Tests.Escalation;

/// <summary>The real store, except that the first write of one incident's escalation link after
/// Jira answered the create never returns: a process that dies between "Jira issue created" and
/// "link stored". The host is then stopped, which cancels the wait.</summary>
public class CrashAfterCreateStore : DispatchProxy
{
    private IAdapterStore? _inner;
    private string _sysId = "";
    private int _crashed;

    public bool Crashed => Volatile.Read(ref _crashed) == 1;

    public static (IAdapterStore Store, CrashAfterCreateStore Probe) Wrap(IAdapterStore inner, string sysId)
    {
        var proxy = Create<IAdapterStore, CrashAfterCreateStore>();
        var probe = (CrashAfterCreateStore)(object)proxy;
        probe._inner = inner;
        probe._sysId = sysId;
        return (proxy, probe);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IAdapterStore.SaveTicketAsync) && args?[0] is TicketState { Platform: "escalation" } state
            && state.TicketId == _sysId && state.AdapterWrites.ContainsKey("jira_key") && Interlocked.Exchange(ref _crashed, 1) == 0)
        {
            return Task.Delay(Timeout.Infinite, (CancellationToken)args[2]!);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
