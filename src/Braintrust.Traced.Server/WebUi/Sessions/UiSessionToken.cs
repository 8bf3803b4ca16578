using System.Security.Cryptography;
using System.Text;

namespace Braintrust.Traced.Server.WebUi.Sessions;

/// <summary>Session tokens: 256 random bits for the cookie, and the SHA-256 the server stores in their place.</summary>
internal static class UiSessionToken
{
    /// <summary>Longer cookie values are not ours; refusing them early avoids hashing attacker-sized input.</summary>
    public const int MaxLength = 100;

    public static string New()
        => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A fast hash is enough here (unlike API keys): the token is 256 random bits, not something guessable.</summary>
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool LooksValid(string? token) => !string.IsNullOrEmpty(token) && token.Length <= MaxLength;
}
