namespace Braintrust.Traced.Docs.Tests;

/// <summary>One fenced C# block of the manual.</summary>
/// <param name="File">The file, relative to the repository root (README.md, docs/runtime.md).</param>
/// <param name="Line">The line of the opening fence, 1-based.</param>
/// <param name="Code">The block's text.</param>
/// <param name="NotCompiledReason">Why the block is wrong on purpose (it must not compile), from <c>&lt;!-- not-compiled: reason --&gt;</c> above it.</param>
/// <param name="Prelude">Declarations the fragment assumes, from <c>&lt;!-- compile-with: ... --&gt;</c> above it.</param>
public sealed record CodeBlock(string File, int Line, string Code, string? NotCompiledReason, string? Prelude)
{
    public override string ToString() => $"{File}:{Line}";
}
