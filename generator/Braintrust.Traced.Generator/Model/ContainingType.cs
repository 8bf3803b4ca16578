namespace Braintrust.Traced.Generator.Model;

/// <summary>One type around a traced method, as the generated <c>partial</c> declaration repeats it.</summary>
/// <param name="Keyword">The declaration keyword: <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c> or <c>interface</c>.</param>
/// <param name="Name">The type's name, escaped when it is a keyword.</param>
/// <param name="TypeParameters">The type parameter list with variance, e.g. <c>&lt;TKey, TValue&gt;</c>, or empty.</param>
internal sealed record ContainingType(string Keyword, string Name, string TypeParameters);
