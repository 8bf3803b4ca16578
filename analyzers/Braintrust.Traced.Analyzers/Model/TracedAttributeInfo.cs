using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Braintrust.Traced.Analyzers.Model;

/// <summary>The arguments of one [Traced] attribute that the analyzers care about, with where they are written.</summary>
internal sealed class TracedAttributeInfo
{
    private const string ImplementationSuffix = "Core";

    private TracedAttributeInfo(AttributeData data, AttributeSyntax? syntax, string? explicitName, bool captureInput, bool captureOutput, string? implementation)
    {
        Data = data;
        Syntax = syntax;
        ExplicitName = explicitName;
        CaptureInput = captureInput;
        CaptureOutput = captureOutput;
        ExplicitImplementation = implementation;
    }

    public AttributeData Data { get; }

    /// <summary>The attribute as written, or <see langword="null"/> when it comes from metadata.</summary>
    public AttributeSyntax? Syntax { get; }

    /// <summary>The span name passed to the constructor, or <see langword="null"/> when the naming policy decides.</summary>
    public string? ExplicitName { get; }

    public bool CaptureInput { get; }

    public bool CaptureOutput { get; }

    /// <summary>The <c>Implementation</c> property as written, or <see langword="null"/> for the default.</summary>
    public string? ExplicitImplementation { get; }

    public static TracedAttributeInfo Read(AttributeData data, CancellationToken cancellationToken)
    {
        string? explicitName = null;
        if (data.ConstructorArguments.Length == 1 && data.ConstructorArguments[0].Value is string name)
        {
            explicitName = name;
        }

        var captureInput = true;
        var captureOutput = true;
        string? implementation = null;
        foreach (var named in data.NamedArguments)
        {
            switch (named.Key)
            {
                case "CaptureInput" when named.Value.Value is bool capture:
                    captureInput = capture;
                    break;
                case "CaptureOutput" when named.Value.Value is bool capture:
                    captureOutput = capture;
                    break;
                case "Implementation" when named.Value.Value is string value:
                    implementation = value;
                    break;
            }
        }

        var syntax = data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        return new TracedAttributeInfo(data, syntax, explicitName, captureInput, captureOutput, implementation);
    }

    /// <summary>The name of the method holding the body: <c>Implementation</c>, or the traced method's name + "Core".</summary>
    public string ImplementationName(IMethodSymbol tracedMethod) =>
        ExplicitImplementation ?? tracedMethod.Name + ImplementationSuffix;

    /// <summary>Where to point at the span name: the constructor argument if written, else the whole attribute.</summary>
    public Location? NameLocation =>
        Syntax?.ArgumentList is { Arguments.Count: > 0 } arguments && arguments.Arguments[0].NameEquals is null
            ? arguments.Arguments[0].GetLocation()
            : Syntax?.GetLocation();

    /// <summary>Where to point at the Implementation argument, else the whole attribute.</summary>
    public Location? ImplementationLocation
    {
        get
        {
            if (Syntax?.ArgumentList is { } arguments)
            {
                foreach (var argument in arguments.Arguments)
                {
                    if (argument.NameEquals?.Name.Identifier.ValueText == "Implementation")
                    {
                        return argument.GetLocation();
                    }
                }
            }

            return Syntax?.GetLocation();
        }
    }
}
