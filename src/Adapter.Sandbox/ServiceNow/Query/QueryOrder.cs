namespace Adapter.Sandbox.ServiceNow;

/// <summary>An <c>ORDERBYfield</c> or <c>ORDERBYDESCfield</c> term.</summary>
internal sealed record QueryOrder(string Field, bool Descending, FieldKind Kind);
