namespace Braintrust.Traced.Generator.Options;

/// <summary>The analyzer-config keys the generator reads.</summary>
internal static class TracedGeneratorOptionKeys
{
    /// <summary>The MSBuild property (made compiler-visible by the package's build props).</summary>
    public const string NamingPolicyProperty = "build_property.BraintrustTracedNamingPolicy";

    /// <summary>The MSBuild property (made compiler-visible by the package's build props).</summary>
    public const string KeepAsyncSuffixProperty = "build_property.BraintrustTracedKeepAsyncSuffix";

    /// <summary>The <c>.editorconfig</c> spelling, settable per file or folder.</summary>
    public const string NamingPolicyEditorConfig = "braintrust_traced_naming_policy";

    /// <summary>The <c>.editorconfig</c> spelling, settable per file or folder.</summary>
    public const string KeepAsyncSuffixEditorConfig = "braintrust_traced_keep_async_suffix";
}
