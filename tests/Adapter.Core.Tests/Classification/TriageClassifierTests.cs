using Adapter.Core.Classification;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Tests.Classification;

/// <summary>Behaviour of the shipped rules on short tickets written the way staff write them.</summary>
public sealed class TriageClassifierTests
{
    private static readonly TriageClassifier Classifier = RepositoryFiles.Classifier;

    [Fact]
    public void Classify_EpicScheduling_IsAdministrative()
    {
        // Arrange
        const string title = "Epic scheduling";
        const string description = "Cannot book appointments in Epic scheduling for the ortho clinic.";

        // Act
        var decision = Classifier.Classify(title, description);

        // Assert: the product name does not make it clinical work.
        Assert.Equal(Bucket.Administrative, decision.Bucket);
        Assert.Equal(SystemKind.Ehr, decision.System);
    }

    [Fact]
    public void Classify_LoginWorksButAdtMessagesStopped_IsInteroperability()
    {
        // Arrange
        const string title = "Login works but ADT messages stopped";
        const string description = "Epic login works fine, but ADT messages stopped going to the lab at 2pm.";

        // Act
        var decision = Classifier.Classify(title, description);

        // Assert
        Assert.Equal(Bucket.Interoperability, decision.Bucket);
        Assert.Equal(SystemKind.InterfaceEngine, decision.System);
        Assert.Contains(decision.Rules, r => r.RuleId == "bucket.admin.access" && r.Effect.StartsWith("cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_NoPatientImpact_DoesNotRaiseToSafety()
    {
        // Arrange
        const string title = "Sepsis alert firing late on 4 West";

        // Act
        var risky = Classifier.Classify(title, "The sepsis alert fires hours late. Patient safety concern.");
        var calm = Classifier.Classify(title, "The sepsis alert fires hours late. No patient impact.");

        // Assert
        Assert.Equal(1, risky.Severity);
        Assert.Equal(EscalationTrigger.PatientSafety, risky.Escalation?.Trigger);
        Assert.NotEqual(1, calm.Severity);
        Assert.Null(calm.Escalation);
    }

    [Fact]
    public void Classify_NotUrgentAndNothingBroken_IsSeverityFour()
    {
        // Arrange
        const string title = "Census report column order";
        const string description = "The column order on the census report changed after the upgrade. Not urgent.";

        // Act
        var decision = Classifier.Classify(title, description);

        // Assert: "urgent" inside "not urgent" raises nothing.
        Assert.Equal(4, decision.Severity);
    }

    [Fact]
    public void Classify_WorkaroundNone_KeepsCareBlockedAtSeverityOne()
    {
        // Arrange
        const string title = "eMAR will not load on 5 North";

        // Act
        var none = Classifier.Classify(title, "Nurses cannot administer medications. Workaround: none.");
        var downtime = Classifier.Classify(title, "Nurses cannot administer medications. Workaround: using the downtime MAR report.");

        // Assert
        Assert.Equal(1, none.Severity);
        Assert.Equal(EscalationTrigger.CannotDocumentOrAdministerCare, none.Escalation?.Trigger);
        Assert.Equal(2, downtime.Severity);
    }

    [Theory]
    [InlineData("URGENT!!! change my display name", "URGENT!!! Please change my display name in Epic ASAP!!!")]
    [InlineData("CRITICAL - fix my font", "Can you make the font bigger on my Epic home screen?? This is URGENT!!!")]
    public void Classify_ShoutedCosmeticRequest_IsSeverityFour(string title, string description)
    {
        // Arrange / Act
        var decision = Classifier.Classify(title, description);

        // Assert: tone is not consequence.
        Assert.Equal(4, decision.Severity);
        Assert.Null(decision.Escalation);
    }

    [Fact]
    public void Classify_CalmUnitWideScanningFailure_IsSeverityOne()
    {
        // Arrange
        const string title = "eMAR scanning";
        const string description = "Since 7am none of the nurses on 5 North can scan wristbands; BCMA is down and 0900 meds are due.";

        // Act
        var decision = Classifier.Classify(title, description);

        // Assert
        Assert.Equal(Bucket.Clinical, decision.Bucket);
        Assert.Equal(1, decision.Severity);
    }

    [Fact]
    public void Classify_NoKeywords_NeedsReviewInTriageGroup()
    {
        // Arrange
        var options = RepositoryFiles.LoadTriageOptions();

        // Act
        var decision = Classifier.Classify("Hello", "Please call me back about the thing from yesterday.");

        // Assert
        Assert.True(decision.NeedsReview);
        Assert.Equal(options.Routing.TriageGroup, decision.ResolverGroup);
        Assert.True(decision.Confidence < options.ConfidenceThreshold);
    }

    [Theory]
    [InlineData("pt meds missing from eMAR", "patient medications missing from emar")]
    [InlineData("lab results not recieved", "lab results not received")]
    [InlineData("pts cant log in, pasword expired", "patients cannot log in, password expired")]
    [InlineData("HL7 msgs stuck in the interfce", "HL7 messages stuck in the interface")]
    public void Classify_AbbreviationOrMisspelling_MatchesSpelledOutText(string abbreviated, string spelledOut)
    {
        // Arrange / Act
        var shorthand = Classifier.Classify(abbreviated, "");
        var plain = Classifier.Classify(spelledOut, "");

        // Assert
        Assert.Equal(plain.Bucket, shorthand.Bucket);
        Assert.Equal(plain.Severity, shorthand.Severity);
        Assert.Equal(plain.RuleIds, shorthand.RuleIds);
        Assert.False(shorthand.NeedsReview);
    }

    [Fact]
    public void Classify_MedsAbbreviation_FiresMedicationRule()
    {
        // Arrange / Act
        var decision = Classifier.Classify("pt meds not on the eMAR", "");

        // Assert
        Assert.Equal(Bucket.Clinical, decision.Bucket);
        Assert.Contains(decision.Rules, r => r.RuleId == "bucket.clinical.medication");
    }

    [Fact]
    public void Classify_AllergyListBlank_IsSeverityOneFromSafetyData()
    {
        // Arrange
        const string title = "Outside records import";
        const string description = "The allergy list came over completely blank from the outside facility.";

        // Act
        var decision = Classifier.Classify(title, description);

        // Assert
        Assert.Equal(1, decision.Severity);
        Assert.Contains(decision.Rules, r => r.RuleId == "severity.1.safety_data");
    }

    [Fact]
    public void Classify_NoteWord_IsNotReadAsNegator()
    {
        // Arrange / Act: "note" once stemmed to "not" and cancelled the phrase that followed.
        var decision = Classifier.Classify("Note: patient safety risk", "Wrong patient's results are filing into this chart.");

        // Assert
        Assert.Equal(1, decision.Severity);
    }

    [Fact]
    public void Classify_AnyTicket_ExplanationListsFiredRuleIds()
    {
        // Arrange / Act
        var decision = Classifier.Classify("Cannot book appointments", "The scheduling grid in Epic shows an error.");

        // Assert
        var ids = decision.Rules.Select(r => r.RuleId).ToList();
        Assert.Contains("bucket.admin.scheduling", ids);
        Assert.Contains("system.ehr.epic", ids);
        Assert.StartsWith("severity.", ids[^1], StringComparison.Ordinal);
        Assert.Equal(string.Join(';', ids), decision.RuleIds);
        Assert.All(decision.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Effect)));
    }

    [Fact]
    public void Classify_LongTicket_AllocatesLittle()
    {
        // Arrange
        var description = string.Concat(Enumerable.Repeat("Nurses on 5 North cannot scan meds in the eMAR since 0700, the BCMA scanner beeps. ", 7));
        Classifier.Classify("eMAR scanning down", description);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Classifier.Classify("eMAR scanning down", description);
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;

        // Assert
        Assert.True(perCall < 2048, $"allocated {perCall} bytes per classification");
    }
}
