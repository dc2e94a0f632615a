using System.Security.Cryptography;
using System.Text;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>Compares credentials in constant time, as any credential check should.</summary>
internal static class SecretComparer
{
    public static bool Matches(string? provided, string expected) =>
        provided is not null
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(provided)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
