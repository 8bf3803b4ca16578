namespace Braintrust.Traced.Generator.Emit;

/// <summary>Fully qualified names the generated code uses, in one place so the emitter reads as the code it writes.</summary>
internal static class GeneratedNames
{
    public const string TracedMethodType = "global::Braintrust.Traced.Runtime.TracedMethod";
    public const string TracedCallsType = "global::Braintrust.Traced.Runtime.TracedCalls";
    public const string Exception = "global::System.Exception";
    public const string EmptyStrings = "global::System.Array.Empty<string>()";
    public const string DebuggerStepThrough = "[global::System.Diagnostics.DebuggerStepThrough]";
    public const string StackTraceHidden = "[global::System.Diagnostics.StackTraceHidden]";

    public static string GeneratedCodeAttribute { get; } =
        "[global::System.CodeDom.Compiler.GeneratedCode(\"Braintrust.Traced.Generator\", \"" + GeneratorVersion.Value + "\")]";
}
