namespace Braintrust.Traced;

/// <summary>
/// Records a parameter of a <see cref="TracedAttribute"/> method in the span's <c>metadata</c> instead of its input,
/// under the parameter's name or <see cref="Key"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class AsMetadataAttribute : Attribute
{
    /// <summary>Records the parameter under its own name.</summary>
    public AsMetadataAttribute()
    {
    }

    /// <summary>Records the parameter under <paramref name="key"/>.</summary>
    public AsMetadataAttribute(string key)
    {
        Key = key;
    }

    /// <summary>The metadata key, or <see langword="null"/> for the parameter's name.</summary>
    public string? Key { get; }
}
