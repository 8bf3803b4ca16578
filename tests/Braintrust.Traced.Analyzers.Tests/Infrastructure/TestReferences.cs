using System.Collections.Immutable;
using Braintrust.Traced;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Braintrust.Traced.Analyzers.Tests.Infrastructure;

/// <summary>
/// Compiler references for the analyzer tests, found on this machine instead of downloaded.
/// </summary>
/// <remarks>
/// Offline approach (the test library's <c>ReferenceAssemblies.Net.Net80</c> and friends download
/// Microsoft.NETCore.App.Ref through NuGet, which tests must not depend on): <see cref="None"/> is a
/// <see cref="ReferenceAssemblies"/> with no package, which resolves to nothing without touching the network, and
/// the real references are added as files: the SDK's own targeting pack (<c>dotnet/packs/Microsoft.NETCore.App.Ref</c>
/// and <c>Microsoft.AspNetCore.App.Ref</c>, found from the running shared framework's location), falling back to the
/// running shared framework itself, plus the Braintrust.Traced runtime assembly this project references.
/// </remarks>
internal static class TestReferences
{
    /// <summary>Resolves to no references and never reaches NuGet.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> All { get; } = Load();

    private static ImmutableArray<MetadataReference> Load()
    {
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var directory in FrameworkDirectories())
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.dll"))
            {
                builder.Add(MetadataReference.CreateFromFile(file));
            }
        }

        builder.Add(MetadataReference.CreateFromFile(typeof(TracedAttribute).Assembly.Location));
        return builder.ToImmutable();
    }

    private static IEnumerable<string> FrameworkDirectories()
    {
        // typeof(object) lives in <dotnet>/shared/Microsoft.NETCore.App/<version>/.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var version = Path.GetFileName(runtimeDirectory);
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var netCoreRef = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref", version, "ref", "net" + Environment.Version.ToString(2));
        var aspNetRef = Path.Combine(dotnetRoot, "packs", "Microsoft.AspNetCore.App.Ref", version, "ref", "net" + Environment.Version.ToString(2));

        yield return Directory.Exists(netCoreRef) ? netCoreRef : runtimeDirectory;
        if (Directory.Exists(aspNetRef))
        {
            // For HttpContext, ILogger, IServiceProvider scopes and IConfiguration in the BTT006 tests.
            yield return aspNetRef;
        }
    }
}
