namespace Braintrust.Traced.Generator.Naming;

/// <summary>How a <c>[Traced]</c> method without an explicit name gets its span name (<c>BraintrustTracedNamingPolicy</c>).</summary>
internal enum SpanNamingPolicy
{
    /// <summary>The method's name, e.g. <c>ClassifyText</c> (the default).</summary>
    MethodName,
    /// <summary>The containing type and the method, e.g. <c>Classifier.ClassifyText</c>.</summary>
    TypeAndMethod,
    /// <summary>The method's name in snake_case, e.g. <c>classify_text</c>, as Python SDK users see their spans.</summary>
    SnakeCase,
}
