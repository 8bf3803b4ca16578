namespace Braintrust.Traced.Generator.Naming;

/// <summary>The naming settings that apply to one source file.</summary>
/// <param name="Policy">How to derive a span name from the method.</param>
/// <param name="KeepAsyncSuffix">Whether <c>FooAsync</c> stays <c>FooAsync</c> instead of becoming <c>Foo</c>.</param>
internal sealed record SpanNamingOptions(SpanNamingPolicy Policy, bool KeepAsyncSuffix)
{
    public static SpanNamingOptions Default { get; } = new(SpanNamingPolicy.MethodName, KeepAsyncSuffix: false);
}
