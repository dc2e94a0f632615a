using Adapter.Worker.Privacy;
using Microsoft.Extensions.Configuration;

namespace Adapter.Worker.Tests.Privacy;

public sealed class SensitiveDataRedactorTests
{
    private static readonly SensitiveDataRedactor Identifiers = new();

    [Theory]
    [InlineData("MRN 84736251 not found", "[mrn] not found")]
    [InlineData("mrn: A1234567", "[mrn]")]
    [InlineData("medical record number MR00991122", "[mrn]")]
    [InlineData("DOB 03/14/1962", "[dob]")]
    [InlineData("date of birth: 1962-03-14", "[dob]")]
    [InlineData("seen 3/4/62 at noon", "seen [date] at noon")]
    [InlineData("SSN 123-45-6789", "SSN [ssn]")]
    [InlineData("ssn 123 45 6789", "ssn [ssn]")]
    [InlineData("call 555-867-5309.", "call [phone].")]
    [InlineData("call (555) 201-7788", "call [phone]")]
    [InlineData("call +1 555 867 5309", "call [phone]")]
    [InlineData("mail jane.doe.fake@example.org now", "mail [email] now")]
    [InlineData("patient 84736251, bed 4", "patient [number], bed 4")]
    [InlineData("Host=db;Username=adapter;Password=hunter22;Database=x", "Host=db;Username=adapter;Password=[secret];Database=x")]
    public void Redact_Identifier_Replaced(string text, string expected)
    {
        Assert.Equal(expected, Identifiers.Redact(text));
    }

    [Theory]
    [InlineData("ServiceNow poll queued 12 incident versions; watermark 2026-12-04 10:00:00")]
    [InlineData("Incident INC0010001 routed: bucket clinical, severity 2, 3 field(s) written")]
    [InlineData("ticket 0123456789abcdef0123456789abcdef attempt 3 failed, retrying in 00:00:05")]
    [InlineData("ServiceNow update incident failed: HTTP 503 Service Unavailable: The sandbox injected an outage")]
    [InlineData("http://127.0.0.1:45123/api/now/table/incident?sysparm_limit=100&sysparm_offset=200")]
    public void Redact_OperationalText_Unchanged(string text)
    {
        Assert.Equal(text, Identifiers.Redact(text));
    }

    [Fact]
    public void Redact_ConfiguredSecretValue_Masked()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceNow:Password"] = "correct-horse-battery",
            ["ServiceNow:WebhookSecret"] = "whsec-0042-staple",
            ["ServiceNow:UserName"] = "triage.adapter",
        }).Build();
        using var redactor = new SensitiveDataRedactor(configuration);

        var text = redactor.Redact("login triage.adapter/correct-horse-battery signed with whsec-0042-staple");

        Assert.Equal("login triage.adapter/[secret] signed with [secret]", text);
    }

    [Fact]
    public void Redact_SecretChangedOnReload_NewValueMasked()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jira:ApiToken"] = "first-token-value" }).Build();
        using var redactor = new SensitiveDataRedactor(configuration);

        configuration["Jira:ApiToken"] = "second-token-value";
        configuration.Reload();

        Assert.Equal("[secret]", redactor.Redact("second-token-value"));
    }

    [Fact]
    public void Redact_FakeIdentifierSentence_NoneLeft()
    {
        FakeIdentifiers.AssertAbsent("redacted sentence", Identifiers.Redact(FakeIdentifiers.Sentence));
    }
}
