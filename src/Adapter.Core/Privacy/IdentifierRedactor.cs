using System.Text.RegularExpressions;

namespace Adapter.Core.Privacy;

/// <summary>Replaces patient identifiers in free text: e-mail, SSN, MRN, date of birth, slash
/// dates, phone numbers, long digit runs and, where asked, the name that follows "patient" or "pt".
/// One set of patterns for the whole product: the worker's log and store redaction and the
/// escalation package both use it.</summary>
public static partial class IdentifierRedactor
{
    /// <summary>Replaces identifiers with a bracketed kind (<c>[mrn]</c>, <c>[dob]</c>, …).</summary>
    /// <param name="names">Also replace a capitalised name after "patient", "pt" or "name:" (<c>[name]</c>).</param>
    public static string Redact(string? text, bool names = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        text = Email().Replace(text, "[email]");
        text = Ssn().Replace(text, "[ssn]");
        text = Mrn().Replace(text, "[mrn]");
        text = Dob().Replace(text, "[dob]");
        text = SlashDate().Replace(text, "[date]");
        text = Phone().Replace(text, "[phone]");
        text = LongNumber().Replace(text, "[number]");
        return names ? PatientName().Replace(text, "${lead}[name]") : text;
    }

    /// <summary>Whether the text names a patient identifier of any kind (the value is never kept).</summary>
    public static bool MentionsPatientIdentifier(string? text) =>
        !string.IsNullOrEmpty(text) && (Mrn().IsMatch(text) || Dob().IsMatch(text) || Ssn().IsMatch(text) || PatientName().IsMatch(text) || IdentifierWord().IsMatch(text));

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b\d{3}[- ]\d{2}[- ]\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Ssn();

    [GeneratedRegex(@"\b(?:MRN|med(?:ical)?\s*rec(?:ord)?(?:\s*(?:number|no\.?|num|#))?)\s*(?:is\s+|[:#=]\s*)?[A-Z0-9][A-Z0-9-]{3,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Mrn();

    [GeneratedRegex(@"\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?)\s*(?:is\s+|[:#=]\s*)?\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Dob();

    [GeneratedRegex(@"\b\d{1,2}/\d{1,2}/\d{2,4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex SlashDate();

    [GeneratedRegex(@"(?<!\w)(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?<!\w|\d[.,]|\w:)\d{7,}(?!\w|[.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex LongNumber();

    // "patient John Smith", "pt. Doe, Jane", "patient name: Mary O'Neil", "name: J. Q. Public":
    // one to three capitalised words (or initials) after the lead. The lead is case-insensitive, the
    // name must start upper case and not be a word of the trade, so "patient portal", "Patient Safety"
    // and "pt is stable" are left alone.
    [GeneratedRegex(@"(?<lead>\b(?i:(?:patient(?:'s)?|pt\.?)(?:\s+name)?\s*[:#-]?\s*|name\s*:\s*))(?!(?:Portal|Safety|Identifier|Identity|ID|List|Lists|Access|Chart|Charts|Record|Records|Registration|Care|Monitor|Monitors|Monitoring|Lookup|Search|Banner|Header|Label|Labels|Wristband|Wristbands|Transport|Room|Rooms|Bed|Beds|Education|Information|Data|Demographics|Merge|Index|Account|Accounts|Portal)\b)(?:[A-Z][a-zA-Z'’-]+|[A-Z]\.)(?:,?\s+(?:[A-Z][a-zA-Z'’-]+|[A-Z]\.)){0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex PatientName();

    [GeneratedRegex(@"\b(?:MRN|medical record|DOB|date of birth|SSN|patient (?:id|identifier)|pt id|FIN|encounter number|account number)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IdentifierWord();
}
