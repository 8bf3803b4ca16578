using System;
using Braintrust.Traced.Generator.Helpers;

namespace Braintrust.Traced.Generator.Options;

/// <summary>
/// Applies the compilation's <c>/pathmap</c> to <c>caller_filename</c>, as the compiler does for
/// <c>[CallerFilePath]</c> and PDBs, so deterministic builds do not embed the build machine's paths.
/// </summary>
internal static class CallerPathMapper
{
    public static string Map(string path, EquatableArray<PathMapEntry> pathMap)
    {
        foreach (var entry in pathMap)
        {
            if (!StartsWithDirectory(path, entry.Prefix))
            {
                continue;
            }

            var rest = path.Substring(entry.Prefix.Length);
            // Like the compiler: the mapped path uses the replacement's separator throughout.
            if (entry.Replacement.IndexOf('/') >= 0)
            {
                rest = rest.Replace('\\', '/');
            }
            else if (entry.Replacement.IndexOf('\\') >= 0)
            {
                rest = rest.Replace('/', '\\');
            }

            return entry.Replacement + rest;
        }

        return path;
    }

    /// <summary><c>/src</c> maps <c>/src/a.cs</c> but not <c>/srcx/a.cs</c>.</summary>
    private static bool StartsWithDirectory(string path, string prefix)
    {
        if (prefix.Length == 0 || !path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var last = prefix[prefix.Length - 1];
        return last is '/' or '\\' || path.Length == prefix.Length || path[prefix.Length] is '/' or '\\';
    }
}
