using Adapter.Worker.Hosting;
using Adapter.Worker.Storage;

namespace Adapter.Worker.Tests.Storage;

/// <summary>The store settings are checked at start and by <c>validate-config</c>, naming the key
/// and never echoing a connection string (it may carry a password).</summary>
public sealed class StoreSelectionTests
{
    private const string Key = "Adapter:PostgresConnectionString";

    [Fact]
    public void Validate_Sqlite_NoProblems()
    {
        var problems = StoreSelection.Validate(new AdapterOptions());

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_PostgresWithoutConnectionString_NamesTheKey(string connectionString)
    {
        var problems = StoreSelection.Validate(new AdapterOptions { Store = "postgres", PostgresConnectionString = connectionString });

        var problem = Assert.Single(problems);
        Assert.Equal(Key, problem.KeyPath);
        Assert.Contains("Adapter__PostgresConnectionString", problem.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db;Password=hunter2-not-real;Nonsense Key=1")]
    [InlineData("Database=adapter;Password=hunter2-not-real")]
    public void Validate_PostgresWithUnusableConnectionString_NamesTheKeyWithoutEchoingIt(string connectionString)
    {
        var problems = StoreSelection.Validate(new AdapterOptions { Store = "postgres", PostgresConnectionString = connectionString });

        var problem = Assert.Single(problems);
        Assert.Equal(Key, problem.KeyPath);
        Assert.DoesNotContain("hunter2", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PostgresWithConnectionString_NoProblems()
    {
        var problems = StoreSelection.Validate(new AdapterOptions { Store = "postgres", PostgresConnectionString = "Host=127.0.0.1;Database=adapter;Username=adapter" });

        Assert.Empty(problems);
    }
}
