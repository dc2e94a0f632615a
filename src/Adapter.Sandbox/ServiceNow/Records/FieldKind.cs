namespace Adapter.Sandbox.ServiceNow;

/// <summary>How the encoded query compares and sorts a field's string values.</summary>
internal enum FieldKind
{
    Text,
    Number,
    DateTime,
}
