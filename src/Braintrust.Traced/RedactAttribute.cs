namespace Braintrust.Traced;

/// <summary>
/// Records a parameter of a <see cref="TracedAttribute"/> method as <c>"[redacted]"</c>: the span shows that the
/// argument exists, never its value.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class RedactAttribute : Attribute
{
}
