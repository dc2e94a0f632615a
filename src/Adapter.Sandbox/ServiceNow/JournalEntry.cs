namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// One entry of an incident's journal (<c>sys_journal_field</c>), written through the write-only
/// <c>work_notes</c> or <c>comments</c> fields.
/// </summary>
/// <param name="Element">The journal field written: <c>work_notes</c> or <c>comments</c>.</param>
/// <param name="Value">The text written.</param>
/// <param name="CreatedBy">The user name that wrote it.</param>
/// <param name="CreatedOn">When it was written, by the sandbox's clock (UTC).</param>
public sealed record JournalEntry(string Element, string Value, string CreatedBy, DateTimeOffset CreatedOn);
