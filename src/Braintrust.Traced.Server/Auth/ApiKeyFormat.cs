using System.Security.Cryptography;
using System.Text;

namespace Braintrust.Traced.Server.Auth;

/// <summary>
/// Keys we issue look like <c>btk-&lt;12 hex key id&gt;.&lt;43 char secret&gt;</c>: the key id (not secret) finds the
/// stored hash in one indexed lookup. Keys supplied by operators (BRAINTRUST_TRACED_INIT_API_KEY) can be any
/// string of at least <see cref="MinimumExternalLength"/> characters; their key id is derived from a SHA-256 of the key.
/// </summary>
internal static class ApiKeyFormat
{
    public const string Prefix = "btk-";
    public const int MinimumExternalLength = 16;

    public static string NewKey(out string keyId)
    {
        keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Prefix}{keyId}.{secret}";
    }

    /// <summary>The lookup id of a presented key (never secret material by itself).</summary>
    public static string KeyIdOf(string key)
    {
        if (key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            if (dot == Prefix.Length + 12)
            {
                return key[Prefix.Length..dot];
            }
        }
        return "ext-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
    }
}
