using System.IO.Compression;

namespace Braintrust.Traced.Packaging.Tests;

/// <summary>
/// Packs Braintrust.Traced from source into a local folder feed, then restores, builds and runs a consumer that has
/// nothing but a PackageReference: the generator and analyzers must arrive with the one package.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PackageConsumerTests
{
    private string _workDirectory = null!;
    private string _feedDirectory = null!;
    private string _version = null!;
    private string _package = null!;

    [OneTimeSetUp]
    public void PackIntoFolderFeed()
    {
        _workDirectory = Directory.CreateTempSubdirectory("bt-packaging-").FullName;
        _feedDirectory = Path.Combine(_workDirectory, "feed");
        // A version of its own per run, so NuGet's global cache never hands back a package packed earlier.
        _version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

        var project = Path.Combine(RepositoryPaths.Root, "src", "Braintrust.Traced", "Braintrust.Traced.csproj");
        DotNet.Run(_workDirectory, "pack", project, "-c", "Release", "-o", _feedDirectory, $"-p:Version={_version}");
        _package = Path.Combine(_feedDirectory, $"Braintrust.Traced.{_version}.nupkg");
        Assert.That(File.Exists(_package), Is.True, $"dotnet pack did not produce {_package}");
    }

    [OneTimeTearDown]
    public void RemoveTemporaryFiles()
    {
        var cached = Path.Combine(NuGetGlobalPackagesFolder(), "braintrust.traced", _version);
        TryDelete(cached);
        TryDelete(_workDirectory);
    }

    [Test]
    public void Package_carries_runtime_generator_and_analyzers_where_NuGet_loads_them()
    {
        using var archive = ZipFile.OpenRead(_package);
        var entries = archive.Entries.Select(e => e.FullName).ToList();

        Assert.That(entries, Does.Contain("lib/net10.0/Braintrust.Traced.dll"));
        Assert.That(entries, Does.Contain("analyzers/dotnet/cs/Braintrust.Traced.Generator.dll"));
        Assert.That(entries, Does.Contain("analyzers/dotnet/cs/Braintrust.Traced.Analyzers.dll"));
        Assert.That(entries, Does.Contain("analyzers/dotnet/cs/Braintrust.Traced.Analyzers.CodeFixes.dll"));
        Assert.That(entries, Does.Contain("build/Braintrust.Traced.props"));
        Assert.That(entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator")), Is.Empty,
            "the generator must not be referenced as a library by consumers");
    }

    [Test]
    public void Consumer_with_only_a_PackageReference_gets_its_Traced_method_generated_and_traced()
    {
        var consumer = Path.Combine(_workDirectory, "consumer");
        Directory.CreateDirectory(consumer);
        var templates = Path.Combine(TestContext.CurrentContext.TestDirectory, "Consumer");
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"),
            File.ReadAllText(Path.Combine(templates, "Consumer.csproj.template")).Replace("$VERSION$", _version, StringComparison.Ordinal));
        File.Copy(Path.Combine(templates, "Program.cs.template"), Path.Combine(consumer, "Program.cs"));
        // The local feed first; the consumer's own dependencies come from the machine's configured sources.
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{_feedDirectory}" />
              </packageSources>
            </configuration>
            """);
        // Keep the consumer out of the repository's Directory.Build.props and central package management.
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(consumer, "Directory.Packages.props"), "<Project />");

        var output = DotNet.Run(consumer, "run", "-c", "Release");

        Assert.That(output, Does.Contain("Hello, Ada!"));
        Assert.That(output, Does.Contain("span greet input={\"name\":\"Ada\"} output=\"Hello, Ada!\""));
    }

    private static string NuGetGlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}
