namespace Braintrust.Traced.Generator.Emit;

/// <summary>The generator's version, stamped into <c>[GeneratedCode]</c> so a user can tell which generator wrote a file.</summary>
internal static class GeneratorVersion
{
    public static string Value { get; } =
        typeof(GeneratorVersion).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";
}
