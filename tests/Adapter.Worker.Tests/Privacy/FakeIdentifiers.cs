namespace Adapter.Worker.Tests.Privacy;

/// <summary>Obviously fake patient identifiers, in the shapes people type them into tickets, and
/// the bare values a leak would show.</summary>
internal static class FakeIdentifiers
{
    public const string Mrn = "84736251";
    public const string Dob = "03/14/1962";
    public const string DobIso = "1962-03-14";
    public const string Ssn = "123-45-6789";
    public const string Phone = "555-867-5309";
    public const string PhoneParenthesised = "(555) 201-7788";
    public const string Email = "jane.doe.fake@example.org";
    public const string MrnAlternative = "MR00991122";

    /// <summary>One sentence that carries every identifier.</summary>
    public const string Sentence =
        $"Patient MRN {Mrn} (DOB {Dob}, born {DobIso}, SSN {Ssn}) cannot be found; call {Phone} or {PhoneParenthesised}, e-mail {Email}, medical record number {MrnAlternative}";

    /// <summary>The values, each of which must never appear in a log line, the store or a note.</summary>
    public static readonly string[] Values = [Mrn, Dob, DobIso, Ssn, Phone, PhoneParenthesised, Email, MrnAlternative, "867-5309", "201-7788", "jane.doe.fake"];

    public static void AssertAbsent(string where, string text)
    {
        foreach (var value in Values)
        {
            Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"{where} contains the fake identifier '{value}'");
        }
    }
}
