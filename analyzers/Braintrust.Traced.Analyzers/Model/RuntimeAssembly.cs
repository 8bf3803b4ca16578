namespace Braintrust.Traced.Analyzers.Model;

/// <summary>What the generated code expects of the referenced Braintrust.Traced runtime.</summary>
internal static class RuntimeAssembly
{
    public const string Name = "Braintrust.Traced";

    /// <summary>
    /// The oldest runtime whose <c>TracedCalls</c>/<c>TracedScope</c> API the generator of this release targets.
    /// Raise it together with the generator whenever generated code starts calling a newer runtime member.
    /// </summary>
    public static readonly System.Version MinimumVersion = new(0, 1, 0, 0);
}
