using System.Data.Common;
using System.Text.Json;
using Adapter.Core.Audit;

namespace Adapter.Worker.Storage;

/// <summary>Reads the audit tables' rows into records; the SQLite and PostgreSQL stores select the
/// same columns in the same order and share this mapping.</summary>
internal static class AuditRows
{
    public const string TicketColumns = """
        ticket_number, created_at, first_bucket, first_system, first_severity, first_group, first_escalation, first_rules,
        first_decided_at, reassignment_baseline, groups_seen, closed
        """;

    public const string FlagColumns = "platform, ticket_id, ticket_number, kind, field, from_value, to_value, bucket, resolver_group, rules, flagged_at";

    public const string ClosureColumns = """
        platform, ticket_id, ticket_number, created_at, closed_at, first_bucket, first_system, first_severity, first_group,
        first_escalation, first_rules, first_decided_at, final_category, final_bucket, final_group, final_severity,
        reassignment_count, first_correct_at, misrouted
        """;

    public static AuditTicket Ticket(DbDataReader r, string platform, string ticketId)
    {
        var seen = JsonSerializer.Deserialize<Dictionary<string, long>>(r.GetString(10)) ?? [];
        return new AuditTicket(
            platform, ticketId, r.GetString(0), Time(r.GetInt64(1)),
            new FirstDecision(r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetString(5), NullableString(r, 6), r.GetString(7), Time(r.GetInt64(8))),
            r.GetInt32(9),
            seen.ToDictionary(kv => kv.Key, kv => Time(kv.Value), StringComparer.Ordinal),
            r.GetInt32(11) == 1);
    }

    /// <summary>Null for a flag kind this build does not know (written by a newer one).</summary>
    public static AuditFlag? Flag(DbDataReader r) =>
        AuditFlagKinds.TryParse(r.GetString(3), out var kind)
            ? new AuditFlag(r.GetString(0), r.GetString(1), r.GetString(2), kind, r.GetString(4), r.GetString(5), r.GetString(6),
                r.GetString(7), r.GetString(8), r.GetString(9), Time(r.GetInt64(10)))
            : null;

    public static ClosureRecord Closure(DbDataReader r) =>
        new(
            r.GetString(0), r.GetString(1), r.GetString(2), Time(r.GetInt64(3)), Time(r.GetInt64(4)),
            new FirstDecision(r.GetString(5), r.GetString(6), r.GetInt32(7), r.GetString(8), NullableString(r, 9), r.GetString(10), Time(r.GetInt64(11))),
            r.GetString(12), NullableString(r, 13), r.GetString(14), r.IsDBNull(15) ? null : r.GetInt32(15), r.GetInt32(16),
            r.IsDBNull(17) ? null : Time(r.GetInt64(17)), r.GetInt32(18) == 1);

    public static string GroupsSeen(AuditTicket ticket) =>
        JsonSerializer.Serialize(ticket.GroupsSeen.ToDictionary(kv => kv.Key, kv => kv.Value.ToUnixTimeMilliseconds(), StringComparer.Ordinal));

    private static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    private static string? NullableString(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
