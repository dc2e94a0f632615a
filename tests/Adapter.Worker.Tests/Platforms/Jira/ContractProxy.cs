using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Adapter.Worker.Tests.Platforms.Jira;

/// <summary>
/// The contract check: Stoplight Prism (<c>tests/contract</c>, <c>@stoplight/prism-cli</c> 5.16.0) runs as
/// <c>prism proxy</c> with the official Jira OpenAPI document, once per test process, in front of every Jira
/// sandbox. Prism validates each request (method, path, parameters, body schema) and names what is wrong in
/// its <c>sl-violations</c> response header; <see cref="ContractCheckHandler"/> records every violation
/// located in the request, and the tests fail on any. Prism's upstream is a small forwarder here that sends
/// each request on to the sandbox named by <see cref="UpstreamHeader"/>, so that one Prism serves all sandboxes.
/// </summary>
internal static class ContractProxy
{
    public const string UpstreamHeader = "X-Contract-Upstream";
    private static readonly Lazy<Task<Uri>> Started = new(StartAsync);

    public static Task<Uri> PrismAsync() => Started.Value;

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Adapter.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public static string SpecPath()
    {
        var root = RepositoryRoot();
        foreach (var candidate in new[] { Path.Combine(root, "..", "shared", "specs"), Path.Combine(root, "..", "..", "shared", "specs"), "/work/shared/specs" })
        {
            var path = Path.Combine(candidate, "jira-cloud-platform-swagger-v3.v3.json");
            if (File.Exists(path))
            {
                return Path.GetFullPath(path);
            }
        }

        throw new FileNotFoundException("The Jira OpenAPI document (shared/specs/jira-cloud-platform-swagger-v3.v3.json) was not found beside the repository.");
    }

    private static async Task<Uri> StartAsync()
    {
        var forwarder = await StartForwarderAsync();
        var prism = Path.Combine(RepositoryRoot(), "tests", "contract", "node_modules", ".bin", "prism");
        if (!File.Exists(prism))
        {
            throw new InvalidOperationException($"Prism is not installed: run `npm ci` in tests/contract ({prism} is missing).");
        }

        var port = FreePort();
        // A watchdog shell stops Prism when this test process ends, however it ends.
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("\"$0\" proxy \"$1\" \"$2\" --port \"$3\" --host 127.0.0.1 & child=$!; "
            + "while kill -0 \"$4\" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; kill $child 2>/dev/null; sleep 2; kill -9 $child 2>/dev/null");
        foreach (var arg in new[] { prism, SpecPath(), forwarder.ToString().TrimEnd('/'), port.ToString(System.Globalization.CultureInfo.InvariantCulture), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Prism did not start");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Prism is listening", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var finished = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
        if (finished != ready.Task)
        {
            throw new InvalidOperationException("Prism did not start listening within 90 s.");
        }

        return new Uri($"http://127.0.0.1:{port}");
    }

    private static async Task<Uri> StartForwarderAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };
        app.Run(async context =>
        {
            var upstream = context.Request.Headers[UpstreamHeader].ToString();
            if (upstream.Length == 0)
            {
                context.Response.StatusCode = 502;
                return;
            }

            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), $"http://{upstream}{context.Request.Path}{context.Request.QueryString}");
            if (context.Request.ContentLength > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
            {
                var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                request.Content = new ByteArrayContent(body.ToArray());
            }

            foreach (var (name, value) in context.Request.Headers)
            {
                if (name is "Host" or UpstreamHeader || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || name == "Transfer-Encoding")
                {
                    if (name.StartsWith("Content-Type", StringComparison.OrdinalIgnoreCase) && request.Content is not null)
                    {
                        request.Content.Headers.TryAddWithoutValidation(name, value.ToArray());
                    }

                    continue;
                }

                request.Headers.TryAddWithoutValidation(name, value.ToArray());
            }

            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
                var bytes = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
                context.Response.StatusCode = (int)response.StatusCode;
                foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                {
                    if (name is "Transfer-Encoding" or "Content-Length" or "Connection" or "Keep-Alive")
                    {
                        continue;
                    }

                    context.Response.Headers[name] = values.ToArray();
                }

                await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                // A dropped or cut answer upstream stays a dropped connection.
                context.Abort();
            }
        });
        await app.StartAsync();
        return new Uri(app.Urls.First());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Sends each Jira request through Prism and records what the document does not allow.</summary>
/// <param name="onlyAuthority">Check only requests to this host:port (the Jira sandbox) and pass
/// the others (a ServiceNow sandbox in the same worker) straight through; null checks every request.</param>
internal sealed class ContractCheckHandler(Uri prism, ConcurrentQueue<string> requestViolations, ConcurrentQueue<string> responseViolations, Action checkedOne, string? onlyAuthority = null) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var original = request.RequestUri!;
        if (onlyAuthority is not null && !string.Equals(original.Authority, onlyAuthority, StringComparison.OrdinalIgnoreCase))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        request.Headers.Remove(ContractProxy.UpstreamHeader);
        request.Headers.Add(ContractProxy.UpstreamHeader, original.Authority);
        request.RequestUri = new Uri(prism, original.PathAndQuery);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            request.RequestUri = original;
        }

        // Prism's CORS headers prove that the answer came through the validator.
        if (response.Headers.Contains("Access-Control-Expose-Headers"))
        {
            checkedOne();
        }

        if (response.Headers.TryGetValues("sl-violations", out var values))
        {
            foreach (var raw in values)
            {
                using var doc = JsonDocument.Parse(raw);
                foreach (var violation in doc.RootElement.EnumerateArray())
                {
                    var location = string.Join('.', violation.GetProperty("location").EnumerateArray().Select(l => l.ToString()));
                    var text = $"{request.Method} {original.AbsolutePath}: {location}: {violation.GetProperty("message").GetString()}";
                    (location.StartsWith("request", StringComparison.Ordinal) ? requestViolations : responseViolations).Enqueue(text);
                }
            }
        }

        return response;
    }
}
