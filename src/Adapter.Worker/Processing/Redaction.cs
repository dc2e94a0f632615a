using System.Text.RegularExpressions;

namespace Adapter.Worker.Processing;

/// <summary>Removes identifiers that may ride along in exception messages, URLs or platform
/// error bodies before they reach a log or the store: MRN, DOB, SSN, phone, e-mail.</summary>
public static partial class Redaction
{
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        text = Email().Replace(text, "[email]");
        text = Ssn().Replace(text, "[ssn]");
        text = Mrn().Replace(text, "[mrn]");
        text = Dob().Replace(text, "[dob]");
        return Phone().Replace(text, "[phone]");
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b\d{3}-\d{2}-\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Ssn();

    [GeneratedRegex(@"\b(?:MRN|medical record(?: number)?)\s*[:#]?\s*[A-Z0-9-]{4,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Mrn();

    [GeneratedRegex(@"\b(?:DOB|date of birth|born)\s*[:#]?\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Dob();

    [GeneratedRegex(@"(?<!\w)(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
