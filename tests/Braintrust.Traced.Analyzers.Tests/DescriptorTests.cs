using System.Reflection;
using System.Text.RegularExpressions;
using Braintrust.Traced.Analyzers.Analyzers;
using Braintrust.Traced.Analyzers.CodeFixes;
using Braintrust.Traced.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Braintrust.Traced.Analyzers.Tests;

/// <summary>Every diagnostic is documented where its help link points and tracked in the release file.</summary>
public sealed class DescriptorTests
{
    private static readonly DiagnosticAnalyzer[] Analyzers = typeof(TracedDeclarationAnalyzer).Assembly.GetTypes()
        .Where(type => typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && !type.IsAbstract)
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
        .ToArray();

    private static readonly DiagnosticDescriptor[] Descriptors = Analyzers
        .SelectMany(analyzer => analyzer.SupportedDiagnostics)
        .DistinctBy(descriptor => descriptor.Id)
        .OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal)
        .ToArray();

    [Test]
    public void IdsRunFromBtt001WithoutGaps()
    {
        var expected = Enumerable.Range(1, Descriptors.Length).Select(number => $"BTT{number:000}");
        Assert.That(Descriptors.Select(descriptor => descriptor.Id), Is.EqualTo(expected));
    }

    [Test]
    public void AnIdMeansTheSameDescriptorInEveryAnalyzer()
    {
        var all = Analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics);
        Assert.That(all.GroupBy(descriptor => descriptor.Id).Select(group => group.Distinct().Count()), Has.All.EqualTo(1));
    }

    [TestCaseSource(nameof(AllIds))]
    public void HelpLinkPointsAtTheDocumentedSection(string id)
    {
        var descriptor = Descriptors.Single(candidate => candidate.Id == id);
        var docs = RepositoryFiles.Read("docs", "diagnostics.md");

        Assert.That(descriptor.HelpLinkUri, Is.EqualTo("https://github.com/braintrust-traced/braintrust-traced/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant()));
        Assert.That(docs, Does.Contain($"\n## {id}\n"), "GitHub derives the anchor from the heading, so the heading must be the bare ID");
        var section = docs[docs.IndexOf($"\n## {id}\n", StringComparison.Ordinal)..];
        var nextSection = section.IndexOf("\n## ", 1, StringComparison.Ordinal);
        section = nextSection < 0 ? section : section[..nextSection];
        Assert.That(Regex.Matches(section, "```csharp|```xml").Count, Is.GreaterThanOrEqualTo(2), "wrong code and fixed code");
        Assert.That(section, Does.Contain($"> {descriptor.DefaultSeverity.ToString().ToLowerInvariant()} {id}: "), "the message as the build prints it");
    }

    [TestCaseSource(nameof(AllIds))]
    public void ReleaseTrackingListsTheIdWithItsCategoryAndSeverity(string id)
    {
        var descriptor = Descriptors.Single(candidate => candidate.Id == id);
        var releases = RepositoryFiles.Read("analyzers", "Braintrust.Traced.Analyzers", "AnalyzerReleases.Unshipped.md")
            + RepositoryFiles.Read("analyzers", "Braintrust.Traced.Analyzers", "AnalyzerReleases.Shipped.md");

        Assert.That(releases, Does.Contain($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |"));
    }

    [Test]
    public void EveryFixTargetsADiagnosticThatIsReportedAndOffersFixAll()
    {
        var fixers = typeof(MakeTracedMethodPartialCodeFixProvider).Assembly.GetTypes()
            .Where(type => typeof(CodeFixProvider).IsAssignableFrom(type) && !type.IsAbstract)
            .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
            .ToArray();

        Assert.That(fixers, Is.Not.Empty);
        foreach (var fixer in fixers)
        {
            Assert.That(fixer.FixableDiagnosticIds, Is.SubsetOf(Descriptors.Select(descriptor => descriptor.Id)), fixer.GetType().Name);
            Assert.That(fixer.GetFixAllProvider(), Is.Not.Null, fixer.GetType().Name);
            Assert.That(fixer.GetType().GetCustomAttribute<ExportCodeFixProviderAttribute>()?.Languages, Does.Contain(LanguageNames.CSharp), fixer.GetType().Name);
        }
    }

    private static IEnumerable<string> AllIds() => Descriptors.Select(descriptor => descriptor.Id);
}
