using Adapter.Core.Classification;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Tests.Classification;

public sealed class SeverityAssessorTests
{
    private static SignalSet Signals(params SeveritySignal[] signals)
    {
        var bits = 0;
        foreach (var signal in signals)
        {
            bits |= 1 << (int)signal;
        }

        return new SignalSet(bits);
    }

    [Fact]
    public void Assess_UnitWideWithWorkaround_IsSeverityTwo()
    {
        // Arrange
        var signals = Signals(SeveritySignal.Blocked, SeveritySignal.ScopeUnit, SeveritySignal.WorkaroundAvailable);

        // Act
        var result = SeverityAssessor.Assess(signals, Bucket.Clinical);

        // Assert
        Assert.Equal(2, result.Severity);
    }

    [Fact]
    public void Assess_DowntimeProceduresInUse_IsSeverityTwo()
    {
        // Arrange
        var signals = Signals(SeveritySignal.Blocked, SeveritySignal.DowntimeProcedures);

        // Act
        var result = SeverityAssessor.Assess(signals, Bucket.Clinical);

        // Assert
        Assert.Equal(2, result.Severity);
        Assert.Equal("severity.2.downtime", result.RuleId);
    }

    [Fact]
    public void Assess_SingleUserLostWork_IsSeverityThree()
    {
        // Arrange
        var signals = Signals(SeveritySignal.DataLoss, SeveritySignal.ScopeSingleUser);

        // Act
        var result = SeverityAssessor.Assess(signals, Bucket.Clinical);

        // Assert
        Assert.Equal(3, result.Severity);
        Assert.Equal(EscalationTrigger.DataLoss, result.Trigger);
    }

    [Fact]
    public void Assess_FeedFailing_IsSeverityTwo()
    {
        // Arrange
        var signals = Signals(SeveritySignal.Blocked);

        // Act
        var result = SeverityAssessor.Assess(signals, Bucket.Interoperability);

        // Assert
        Assert.Equal(2, result.Severity);
    }

    [Fact]
    public void Assess_MinorButBroken_IsSeverityThree()
    {
        // Arrange
        var signals = Signals(SeveritySignal.Minor, SeveritySignal.Blocked);

        // Act
        var result = SeverityAssessor.Assess(signals, Bucket.Clinical);

        // Assert
        Assert.Equal(3, result.Severity);
    }

    [Fact]
    public void Assess_QuestionNothingBroken_IsSeverityFour()
    {
        // Arrange
        var signals = Signals(SeveritySignal.Question, SeveritySignal.ScopeUnit);

        // Act
        var result = SeverityAssessor.Assess(signals, Bucket.Administrative);

        // Assert
        Assert.Equal(4, result.Severity);
    }

    [Fact]
    public void Assess_SafetyDataFaultWithNoPatientImpact_IsNotSeverityOne()
    {
        // Arrange
        var signals = new SignalSet(1 << (int)SeveritySignal.NoPatientImpact, SafetyDataFault: true);

        // Act
        var result = SeverityAssessor.Assess(signals, Bucket.Clinical);

        // Assert
        Assert.NotEqual(1, result.Severity);
    }

    [Fact]
    public void Assess_ClinicalFailingWithNoWorkaround_IsSeverityOne()
    {
        // Arrange
        var signals = Signals(SeveritySignal.Blocked, SeveritySignal.NoWorkaround, SeveritySignal.WorkaroundAvailable);

        // Act
        var result = SeverityAssessor.Assess(signals, Bucket.Clinical);

        // Assert
        Assert.Equal(1, result.Severity);
        Assert.Equal(EscalationTrigger.CannotDocumentOrAdministerCare, result.Trigger);
    }
}
