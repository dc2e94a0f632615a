using Adapter.Core.Classification;
using Adapter.Core.Routing;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Tests.Routing;

public sealed class RoutingTableTests
{
    private static RoutingTable Table() => new(
        new RoutingOptions
        {
            TriageGroup = "Triage",
            DefaultGroup = "Desk",
            Groups = ["Triage", "Desk", "Interface", "Devices", "App Support", "Informatics", "Safety", "Privacy"],
            Routes =
            [
                new RouteOptions { Bucket = "interoperability", ResolverGroup = "Interface" },
                new RouteOptions { Bucket = "clinical", System = "device", ResolverGroup = "Devices" },
                new RouteOptions { Bucket = "clinical", MaxSeverity = 3, ResolverGroup = "App Support" },
                new RouteOptions { Bucket = "clinical", ResolverGroup = "Informatics" },
                new RouteOptions { Bucket = "*", System = "device", ResolverGroup = "Devices" },
            ],
        },
        [
            new EscalationOptions { Trigger = "patient_safety", ResolverGroup = "Safety", ResponseMinutes = 15 },
            new EscalationOptions { Trigger = "privacy_incident", ResolverGroup = "Privacy", ResponseMinutes = 60 },
        ]);

    [Fact]
    public void Route_SeveralRoutesMatch_FirstMatchWins()
    {
        // Arrange
        var table = Table();

        // Act: both the device route and the later "*" device route match.
        var group = table.Route(Bucket.Clinical, SystemKind.Device, 3);

        // Assert
        Assert.Equal("Devices", group);
    }

    [Theory]
    [InlineData(1, "App Support")]
    [InlineData(3, "App Support")]
    [InlineData(4, "Informatics")]
    public void Route_MaxSeverity_AppliesToThatSeverityOrMoreSevere(int severity, string expected)
    {
        // Arrange
        var table = Table();

        // Act
        var group = table.Route(Bucket.Clinical, SystemKind.Ehr, severity);

        // Assert
        Assert.Equal(expected, group);
    }

    [Fact]
    public void Route_NoRouteMatches_UsesDefaultGroup()
    {
        // Arrange
        var table = Table();

        // Act
        var group = table.Route(Bucket.Administrative, SystemKind.Billing, 3);

        // Assert
        Assert.Equal("Desk", group);
    }

    [Fact]
    public void Escalate_ConfiguredTrigger_MapsToGroupAndMinutes()
    {
        // Arrange
        var table = Table();

        // Act
        var route = table.Escalate(EscalationTrigger.PatientSafety);

        // Assert
        Assert.Equal(new EscalationRoute(EscalationTrigger.PatientSafety, "Safety", 15), route);
    }

    [Fact]
    public void Escalate_NoneOrUnconfigured_ReturnsNull()
    {
        // Arrange
        var table = Table();

        // Act / Assert
        Assert.Null(table.Escalate(EscalationTrigger.None));
        Assert.Null(table.Escalate(EscalationTrigger.DataLoss));
    }

    [Fact]
    public void Escalate_RepositoryConfiguration_CoversEveryTrigger()
    {
        // Arrange
        var options = RepositoryFiles.LoadTriageOptions();
        var table = new RoutingTable(options.Routing, options.Escalations);

        // Act / Assert
        foreach (var name in WireNames.Triggers)
        {
            var route = table.Escalate(WireNames.ParseTrigger(name));
            Assert.NotNull(route);
            Assert.Contains(route.ResolverGroup, options.Routing.Groups);
            Assert.True(route.ResponseMinutes > 0);
        }
    }
}
