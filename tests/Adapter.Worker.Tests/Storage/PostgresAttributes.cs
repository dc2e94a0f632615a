using System.Reflection;
using Xunit.Sdk;

namespace Adapter.Worker.Tests.Storage;

/// <summary>A fact that needs PostgreSQL: skipped, saying why, only when no server is named and
/// this is not CI (see <see cref="TestPostgres"/>).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = TestPostgres.SkipReason;
    }
}

/// <summary>Which store a parameterised test runs against.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>The PostgreSQL row of a store theory (<c>[InlineData(StoreKind.Sqlite)]</c> is the
/// other): skipped under the same rule as <see cref="PostgresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresDataAttribute : DataAttribute
{
    public PostgresDataAttribute()
    {
        Skip = TestPostgres.SkipReason;
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StoreKind.Postgres]];
}
