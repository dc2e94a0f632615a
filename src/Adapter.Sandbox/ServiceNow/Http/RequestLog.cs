using System.Collections.Concurrent;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>Every request that reached the sandbox's routes, answered, faulted or dropped alike.</summary>
internal sealed class RequestLog
{
    private readonly ConcurrentQueue<(string Method, string Path)> _requests = new();

    public void Record(string method, string path) => _requests.Enqueue((method, path));

    public int Count(string method, string pathPrefix) => _requests.Count(r =>
        string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)
        && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));
}
