namespace Braintrust.Traced.Generator.Parsing;

/// <summary>Metadata names of the runtime's attributes and of the framework types the generator recognises.</summary>
internal static class TracedAttributeNames
{
    public const string Traced = "Braintrust.Traced.TracedAttribute";
    public const string NotTraced = "Braintrust.Traced.NotTracedAttribute";
    public const string Redact = "Braintrust.Traced.RedactAttribute";
    public const string AsMetadata = "Braintrust.Traced.AsMetadataAttribute";

    public const string TypeProperty = "Type";
    public const string CaptureInputProperty = "CaptureInput";
    public const string CaptureOutputProperty = "CaptureOutput";
    public const string ImplementationProperty = "Implementation";

    public const string ImplementationSuffix = "Core";
}
