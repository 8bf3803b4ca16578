using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Braintrust.Traced.Analyzers.Model;

/// <summary>
/// The naming settings the generator reads, checked the way the generator parses them (it ignores what it cannot
/// parse, silently: reporting that is this analyzer's job). The .editorconfig key wins over the MSBuild property.
/// </summary>
internal static class NamingSettings
{
    private const string PolicyEditorConfigKey = "braintrust_traced_naming_policy";
    private const string PolicyPropertyKey = "build_property.BraintrustTracedNamingPolicy";
    private const string KeepAsyncEditorConfigKey = "braintrust_traced_keep_async_suffix";
    private const string KeepAsyncPropertyKey = "build_property.BraintrustTracedKeepAsyncSuffix";

    private static readonly string[] s_policies = ["MethodName", "TypeAndMethod", "SnakeCase"];

    /// <summary>The first invalid setting for a file, as (setting, value, what is allowed), or null when all are valid.</summary>
    public static (string Setting, string Value, string Allowed)? FindInvalid(AnalyzerConfigOptions options)
    {
        if (Read(options, PolicyEditorConfigKey, PolicyPropertyKey) is { } policy && !IsKnownPolicy(policy.Value))
        {
            return (policy.Setting, policy.Value, "use " + string.Join(", ", s_policies));
        }

        if (Read(options, KeepAsyncEditorConfigKey, KeepAsyncPropertyKey) is { } keepAsync && !bool.TryParse(keepAsync.Value.Trim(), out _))
        {
            return (keepAsync.Setting, keepAsync.Value, "use true or false");
        }

        return null;
    }

    private static (string Setting, string Value)? Read(AnalyzerConfigOptions options, string editorConfigKey, string propertyKey)
    {
        if (options.TryGetValue(editorConfigKey, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            return (editorConfigKey, value);
        }

        return options.TryGetValue(propertyKey, out value) && !string.IsNullOrWhiteSpace(value)
            ? (propertyKey.Substring("build_property.".Length), value)
            : null;
    }

    /// <summary>As the generator: any case, with or without separators (<c>snake_case</c> is <c>SnakeCase</c>).</summary>
    private static bool IsKnownPolicy(string value)
    {
        var normalized = value.Trim().Replace("_", "").Replace("-", "").Replace(".", "");
        return Array.Exists(s_policies, policy => string.Equals(policy, normalized, StringComparison.OrdinalIgnoreCase));
    }
}
