using Braintrust.Traced.Generator.Helpers;
using Braintrust.Traced.Generator.Naming;

namespace Braintrust.Traced.Generator.Options;

/// <summary>
/// Every setting the generator reads, folded into one equatable value so an edit that changes none of them
/// leaves the pipeline cached.
/// </summary>
/// <param name="ProjectNaming">The project-wide naming settings (MSBuild properties).</param>
/// <param name="FileOverrides">Files whose <c>.editorconfig</c> section sets other naming settings.</param>
/// <param name="PathMap">The compilation's <c>/pathmap</c> rules, applied to <c>caller_filename</c>.</param>
/// <param name="CanHideFromStackTraces">Whether <c>System.Diagnostics.StackTraceHiddenAttribute</c> exists in the target framework.</param>
internal sealed record TracedGeneratorOptions(
    SpanNamingOptions ProjectNaming,
    EquatableArray<FileNamingOverride> FileOverrides,
    EquatableArray<PathMapEntry> PathMap,
    bool CanHideFromStackTraces)
{
    public SpanNamingOptions NamingFor(string filePath)
    {
        foreach (var fileOverride in FileOverrides)
        {
            if (fileOverride.FilePath == filePath)
            {
                return fileOverride.Options;
            }
        }

        return ProjectNaming;
    }
}
