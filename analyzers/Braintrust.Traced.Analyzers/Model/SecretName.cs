using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Analyzers.Model;

/// <summary>
/// Decides whether a parameter name says its value is a secret. Names are split into words (camelCase, PascalCase,
/// snake_case, kebab) and judged by their last word, because the last word is what the value is: <c>clientSecret</c>
/// is a secret, <c>secretName</c> is a name. LLM code is full of harmless "token"/"key" names (<c>maxTokens</c>,
/// <c>tokenCount</c>, <c>pageToken</c>, <c>cacheKey</c>), so those words count only in a secret-like combination.
/// </summary>
internal static class SecretName
{
    /// <summary>A last word that is a secret whatever precedes it.</summary>
    private static readonly HashSet<string> SecretWords = new()
    {
        "password", "passwd", "pwd", "passphrase", "secret", "credential", "credentials",
        "apikey", "privatekey", "accesstoken", "refreshtoken", "authtoken", "bearertoken", "idtoken",
        "sessiontoken", "connectionstring", "connstr", "clientsecret", "authorization", "jwt",
    };

    /// <summary>Words before "token" that make it a pagination or cancellation token, not a credential.</summary>
    private static readonly HashSet<string> HarmlessTokenQualifiers = new()
    {
        "cancellation", "continuation", "page", "next", "sync", "resume", "max", "min", "num", "stop", "end", "start", "eos", "bos", "pad",
    };

    /// <summary>Words before "key" that make it a credential rather than a lookup key.</summary>
    private static readonly HashSet<string> SecretKeyQualifiers = new()
    {
        "api", "private", "secret", "access", "signing", "encryption", "subscription", "master", "license", "client", "auth", "shared", "account", "storage",
    };

    public static bool LooksSecret(string name)
    {
        var words = SplitWords(name);
        if (words.Count == 0)
        {
            return false;
        }

        var last = words[words.Count - 1];
        var previous = words.Count > 1 ? words[words.Count - 2] : null;
        if (SecretWords.Contains(last))
        {
            return true;
        }

        if (last == "string" && previous == "connection")
        {
            return true;
        }

        if (last == "token")
        {
            return previous is null || !HarmlessTokenQualifiers.Contains(previous);
        }

        return last == "key" && previous is not null && SecretKeyQualifiers.Contains(previous);
    }

    /// <summary>
    /// Numbers, booleans and enums cannot hold a password or key; in LLM code an <c>int token</c> is a token id.
    /// </summary>
    public static bool CanHoldSecretText(ITypeSymbol type)
    {
        var underlying = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;
        if (underlying.TypeKind == TypeKind.Enum)
        {
            return false;
        }

        switch (underlying.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
                return false;
            default:
                return true;
        }
    }

    /// <summary>"apiKey" → [api, key]; "HTTPToken" → [http, token]; "client_secret" → [client, secret]; "@password" → [password].</summary>
    internal static List<string> SplitWords(string name)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush(words, current);
                continue;
            }

            var startsWord = char.IsUpper(c) && current.Length > 0
                && (!char.IsUpper(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (startsWord)
            {
                Flush(words, current);
            }

            current.Append(char.ToLowerInvariant(c));
        }

        Flush(words, current);
        return words.Where(word => word.Length > 0).ToList();
    }

    private static void Flush(List<string> words, System.Text.StringBuilder current)
    {
        if (current.Length > 0)
        {
            words.Add(current.ToString());
            current.Clear();
        }
    }
}
