namespace Braintrust.Traced;

/// <summary>Leaves a parameter of a <see cref="TracedAttribute"/> method out of the span's input.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NotTracedAttribute : Attribute
{
}
