using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WireMock;
using WireMock.ResponseBuilders;
using WireMock.Types;
using WireMock.Util;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>Turns a <see cref="SandboxResponse"/> into WireMock's response, and closes connections that must drop.</summary>
internal static class WireMockBridge
{
    // Marks an answer whose connection is to be closed; the middleware below removes it and aborts, so it never reaches a client.
    private const string DropMarker = "X-Sandbox-Drop-Connection";
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static IResponseMessage ToResponseMessage(SandboxResponse response)
    {
        var message = new ResponseMessage { StatusCode = response.StatusCode };
        foreach (var (name, value) in response.Headers)
        {
            message.AddHeader(name, value);
        }

        if (response.DropConnection)
        {
            message.AddHeader(DropMarker, "true");
            return message;
        }

        if (response.Body is not null)
        {
            message.AddHeader("Content-Type", "application/json;charset=UTF-8");
            message.BodyData = new BodyData
            {
                BodyAsString = response.Body.ToJsonString(),
                DetectedBodyType = BodyType.String,
                Encoding = Utf8,
            };
        }

        if (response.Malformed)
        {
            message.FaultType = FaultType.MALFORMED_RESPONSE_CHUNK;
        }

        return message;
    }

    /// <summary>
    /// WireMock's own faults still send a well-formed HTTP answer, so a dropped connection is made here: the
    /// marked answer has no body, nothing has been sent yet, and aborting closes the socket with a reset.
    /// </summary>
    public static void UseConnectionDrop(object applicationBuilder) =>
        ((IApplicationBuilder)applicationBuilder).Use(async (HttpContext context, RequestDelegate next) =>
        {
            await next(context);
            // A marked answer has no body, so nothing has been sent and its headers can still change.
            if (!context.Response.HasStarted && context.Response.Headers.Remove(DropMarker))
            {
                context.Abort();
            }
        });
}
