using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Adapter.Worker.Hosting;

/// <summary>The answer to a request that failed with an exception: a problem body with the
/// status and its standard title only. No message, type, stack or trace id leaves the process;
/// the exception is logged (redacted) by the exception handler middleware.</summary>
internal static partial class PlainErrors
{
    public static ExceptionHandlerOptions Options { get; } = new() { ExceptionHandler = WriteAsync };

    private static async Task WriteAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;

        // Logged here, before the answer, so every failure leaves one event whatever the
        // framework's own diagnostics do; the redacting sink cleans what the exception carries.
        if (error is not null and not BadHttpRequestException)
        {
            LogFailed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PlainErrors)), context.Request.Path, error);
        }

        // Kestrel's own refusals (body over the limit, malformed request) keep their 4xx status.
        var status = error is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(
            new { title = ReasonPhrases.GetReasonPhrase(status), status },
            options: null,
            contentType: "application/problem+json",
            context.RequestAborted);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Request to {Path} failed; answered with a plain problem body")]
    private static partial void LogFailed(ILogger logger, PathString path, Exception exception);
}
