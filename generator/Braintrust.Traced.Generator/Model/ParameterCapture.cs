namespace Braintrust.Traced.Generator.Model;

/// <summary>What the span records for one argument.</summary>
internal enum ParameterCapture
{
    /// <summary>The value goes into the span's input.</summary>
    Input,
    /// <summary>The span's input shows the parameter with the value <c>"[redacted]"</c>.</summary>
    Redacted,
    /// <summary>The value goes into the span's metadata instead of its input.</summary>
    Metadata,
    /// <summary>Left out: <c>[NotTraced]</c>, a <c>CancellationToken</c>, an <c>out</c> parameter or a value that cannot be boxed.</summary>
    None,
}
