using System.Reflection;
using System.Runtime.ExceptionServices;
using Adapter.Worker.Storage;
using Adapter.Worker.Tests.Privacy;

namespace Adapter.Worker.Tests.Intake;

/// <summary>The real store, except that <c>EnqueueAsync</c> fails with a message full of fake
/// identifiers, as a driver error quoting a row might. A proxy, so it follows the interface.</summary>
public class FailingEnqueueStore : DispatchProxy
{
    public static string Message { get; } = $"constraint failed while inserting: {FakeIdentifiers.Sentence}";

    private IAdapterStore? _inner;

    public static IAdapterStore Wrap(IAdapterStore inner)
    {
        var proxy = Create<IAdapterStore, FailingEnqueueStore>();
        ((FailingEnqueueStore)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IAdapterStore.EnqueueAsync))
        {
            return Task.FromException<bool>(new InvalidOperationException(Message, new IOException($"disk note: {FakeIdentifiers.Email}")));
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
