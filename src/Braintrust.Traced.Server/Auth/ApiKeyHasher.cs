using System.Security.Cryptography;
using System.Text;

namespace Braintrust.Traced.Server.Auth;

/// <summary>Salted PBKDF2-SHA256: a stolen database does not reveal usable keys.</summary>
internal static class ApiKeyHasher
{
    public const int Iterations = 100_000;
    private const int HashBytes = 32;

    public static (byte[] Salt, byte[] Hash) Hash(string key)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return (salt, Derive(key, salt, Iterations));
    }

    public static bool Verify(string key, byte[] salt, byte[] expectedHash, int iterations)
        => CryptographicOperations.FixedTimeEquals(Derive(key, salt, iterations), expectedHash);

    private static byte[] Derive(string key, byte[] salt, int iterations)
        => Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(key), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
