using Adapter.Core.Platforms.Jira;
using Adapter.Worker.Platforms.Jira;

namespace Adapter.Worker.Tests.Platforms.Jira;

public sealed class JiraWatermarkTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void LowerBound_WatermarkInUtc_MinuteBeforeInAccountZoneRoundedDown()
    {
        var watermark = new DateTimeOffset(2026, 6, 24, 19, 24, 50, 123, TimeSpan.Zero);

        var bound = JiraWatermark.LowerBound(watermark, TimeSpan.FromMinutes(1), NewYork);

        Assert.Equal("2026/06/24 15:23", bound);
    }

    [Fact]
    public void LowerBound_AmbiguousLocalHourAtFallBack_AnHourEarlier()
    {
        // 2026-11-01 01:30 happens twice in New York; either reading must be covered.
        var watermark = new DateTimeOffset(2026, 11, 1, 5, 31, 0, TimeSpan.Zero);

        var bound = JiraWatermark.LowerBound(watermark, TimeSpan.FromMinutes(1), NewYork);

        Assert.Equal("2026/11/01 00:30", bound);
    }

    [Theory]
    [InlineData("2023-06-24T19:24:50.000+0000", 2023, 6, 24, 19, 24, 50, 0)]
    [InlineData("2023-06-24T15:24:50.123-0400", 2023, 6, 24, 19, 24, 50, 123)]
    public void TryParseTime_JiraWireTime_ParsedToTheInstant(string text, int y, int mo, int d, int h, int mi, int s, int ms)
    {
        Assert.True(JiraJson.TryParseTime(text, out var time));
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, ms, TimeSpan.Zero), time.ToUniversalTime());
    }

    [Fact]
    public void FormatTime_RoundTrips_WithoutColonInOffset()
    {
        var time = new DateTimeOffset(2023, 6, 24, 19, 24, 50, 0, TimeSpan.Zero);

        Assert.Equal("2023-06-24T19:24:50.000+0000", JiraJson.FormatTime(time));
    }
}

public sealed class JiraRetryDelayTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 24, 19, 24, 50, TimeSpan.Zero);

    [Fact]
    public void ServerDelay_RetryAfterSeconds_Honoured()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
        response.Headers.Add("X-RateLimit-Reset", "2026-06-24T19:30Z");

        Assert.Equal(TimeSpan.FromSeconds(7), JiraClientRegistration.ServerDelay(response, Now));
    }

    [Fact]
    public void ServerDelay_OnlyRateLimitReset_WaitsUntilReset()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.Add("X-RateLimit-Reset", "2026-06-24T19:25Z");

        Assert.Equal(TimeSpan.FromSeconds(10), JiraClientRegistration.ServerDelay(response, Now));
    }

    [Fact]
    public void ServerDelay_NoHeaders_BackoffDecides()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);

        Assert.Null(JiraClientRegistration.ServerDelay(response, Now));
    }
}
