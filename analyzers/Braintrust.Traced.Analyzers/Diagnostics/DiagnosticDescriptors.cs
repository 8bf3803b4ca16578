using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Analyzers.Diagnostics;

/// <summary>
/// Every diagnostic the [Traced] analyzers report. IDs are public constants so the code fixes can name them;
/// each descriptor links to its section of docs/diagnostics.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string MustBePartialDeclarationId = "BTT001";
    public const string ContainingTypeMustBePartialId = "BTT002";
    public const string ImplementationMissingId = "BTT003";
    public const string ImplementationSignatureMismatchId = "BTT004";
    public const string UnsupportedShapeId = "BTT005";
    public const string ParameterNotLoggableId = "BTT006";
    public const string SecretParameterCapturedId = "BTT007";
    public const string InvalidSpanNameId = "BTT008";
    public const string DuplicateSpanNameId = "BTT009";
    public const string RuntimeMissingOrTooOldId = "BTT010";
    public const string ParameterAttributeWithoutTracedId = "BTT011";
    public const string InvalidImplementationNameId = "BTT012";
    public const string ConflictingParameterAttributesId = "BTT013";
    public const string InvalidMetadataKeyId = "BTT014";
    public const string UnknownNamingSettingId = "BTT015";

    /// <summary>The documentation page every help link points into; each ID has its own lower-case anchor.</summary>
    private const string HelpLinkBase = "https://github.com/braintrust-traced/braintrust-traced/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor MustBePartialDeclaration = new(
        id: MustBePartialDeclarationId,
        title: "[Traced] method must be a partial declaration without a body",
        messageFormat: "[Traced] method '{0}' must be declared 'partial' without a body: the generator writes its body; move the code into '{1}'",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The source generator supplies the body of a [Traced] method, so the method must be a partial declaration ending in ';'. Its code belongs in the implementation method ('<Name>Core' unless Implementation names another).",
        helpLinkUri: HelpLink(MustBePartialDeclarationId));

    public static readonly DiagnosticDescriptor ContainingTypeMustBePartial = new(
        id: ContainingTypeMustBePartialId,
        title: "Types containing a [Traced] method must be partial",
        messageFormat: "[Traced] method '{0}' is inside {1} not declared 'partial'; the generator can only add its body to partial types",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated body is added to the type in another file, so the type declaring a [Traced] method and every type it is nested in must be 'partial'.",
        helpLinkUri: HelpLink(ContainingTypeMustBePartialId));

    public static readonly DiagnosticDescriptor ImplementationMissing = new(
        id: ImplementationMissingId,
        title: "The implementation of a [Traced] method is missing",
        messageFormat: "[Traced] method '{0}' has no implementation: add a method '{1}' to '{2}' with the same signature, holding the code the span measures",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated body opens a span and calls the implementation method ('<Name>Core' unless Implementation names another), which must exist in the same type.",
        helpLinkUri: HelpLink(ImplementationMissingId));

    public static readonly DiagnosticDescriptor ImplementationSignatureMismatch = new(
        id: ImplementationSignatureMismatchId,
        title: "The implementation's signature differs from the [Traced] method",
        messageFormat: "Implementation '{0}' does not match [Traced] method '{1}': {2}",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated body passes every argument to the implementation and returns its result, so both must have the same static-ness, parameters (types and ref kinds), return type, type parameters and constraints.",
        helpLinkUri: HelpLink(ImplementationSignatureMismatchId));

    public static readonly DiagnosticDescriptor UnsupportedShape = new(
        id: UnsupportedShapeId,
        title: "This kind of method cannot be traced",
        messageFormat: "'{0}' cannot be [Traced]: {1}",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Some methods cannot be wrapped in a span: async void methods, ref returns, __arglist, abstract, extern and interface members, members of file-local types, operators, accessors, local functions and lambdas.",
        helpLinkUri: HelpLink(UnsupportedShapeId));

    public static readonly DiagnosticDescriptor ParameterNotLoggable = new(
        id: ParameterNotLoggableId,
        title: "Parameter cannot be logged usefully",
        messageFormat: "Parameter '{0}' of type '{1}' is part of the span's input, but {2}; add [NotTraced] to leave it out",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Streams, delegates, service containers, HTTP contexts and similar objects have no data worth recording, can be consumed by serialization, or drag large object graphs into the span; ref structs and pointers cannot be recorded at all.",
        helpLinkUri: HelpLink(ParameterNotLoggableId));

    public static readonly DiagnosticDescriptor SecretParameterCaptured = new(
        id: SecretParameterCapturedId,
        title: "Parameter that looks like a secret is recorded",
        messageFormat: "Parameter '{0}' looks like it holds a secret and would be sent to Braintrust in the span's input; add [Redact] to record it as \"[redacted]\" or [NotTraced] to leave it out",
        category: DiagnosticCategories.Security,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Arguments of a [Traced] method are shipped to Braintrust. A parameter named like a password, API key, token, secret, credential or connection string should be redacted or left out.",
        helpLinkUri: HelpLink(SecretParameterCapturedId));

    public static readonly DiagnosticDescriptor InvalidSpanName = new(
        id: InvalidSpanNameId,
        title: "Invalid explicit span name",
        messageFormat: "The span name of '{0}' {1}",
        category: DiagnosticCategories.Naming,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An explicit span name must contain a visible character and be at most 256 characters long; otherwise Braintrust shows an unusable or truncated name.",
        helpLinkUri: HelpLink(InvalidSpanNameId));

    public static readonly DiagnosticDescriptor DuplicateSpanName = new(
        id: DuplicateSpanNameId,
        title: "Explicit span name used twice in one type",
        messageFormat: "Span name \"{0}\" of '{1}' is already used by '{2}' in the same type; spans of both methods would be indistinguishable",
        category: DiagnosticCategories.Naming,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Two [Traced] methods of one type with the same explicit name produce spans that cannot be told apart in Braintrust.",
        helpLinkUri: HelpLink(DuplicateSpanNameId));

    public static readonly DiagnosticDescriptor UnknownNamingSetting = new(
        id: UnknownNamingSettingId,
        title: "Unknown span naming setting",
        messageFormat: "{0} = '{1}' is not a valid value ({2}), so the span of '{3}' is named as if it were not set",
        category: DiagnosticCategories.Naming,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The MSBuild properties BraintrustTracedNamingPolicy and BraintrustTracedKeepAsyncSuffix (or the .editorconfig keys braintrust_traced_naming_policy and braintrust_traced_keep_async_suffix) decide the span names of [Traced] methods without an explicit name. A value the generator does not know is ignored.",
        helpLinkUri: HelpLink(UnknownNamingSettingId));

    public static readonly DiagnosticDescriptor RuntimeMissingOrTooOld = new(
        id: RuntimeMissingOrTooOldId,
        title: "The Braintrust.Traced runtime is missing or too old",
        messageFormat: "[Traced] on '{0}' needs the Braintrust.Traced runtime {1} or later, but {2}; reference the Braintrust.Traced package {1} or later",
        category: DiagnosticCategories.Compatibility,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated body calls Braintrust.Traced.Runtime.TracedCalls, which ships in the Braintrust.Traced assembly. Without it, or with an older version, the generated code does not compile or misbehaves.",
        helpLinkUri: HelpLink(RuntimeMissingOrTooOldId));

    public static readonly DiagnosticDescriptor ParameterAttributeWithoutTraced = new(
        id: ParameterAttributeWithoutTracedId,
        title: "Parameter attribute has no effect outside a [Traced] method",
        messageFormat: "[{0}] on parameter '{1}' has no effect because '{2}' is not [Traced]{3}",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "[NotTraced], [Redact] and [AsMetadata] only change what the span of a [Traced] method records. Anywhere else they do nothing, which usually means they were put on the implementation instead of the traced declaration.",
        helpLinkUri: HelpLink(ParameterAttributeWithoutTracedId));

    public static readonly DiagnosticDescriptor InvalidImplementationName = new(
        id: InvalidImplementationNameId,
        title: "Invalid Implementation name",
        messageFormat: "Implementation of '{0}' {1}",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "TracedAttribute.Implementation names the method holding the body. It must be a C# identifier other than the traced method's own name.",
        helpLinkUri: HelpLink(InvalidImplementationNameId));

    public static readonly DiagnosticDescriptor ConflictingParameterAttributes = new(
        id: ConflictingParameterAttributesId,
        title: "[NotTraced] makes another parameter attribute pointless",
        messageFormat: "Parameter '{0}' is [NotTraced], so its [{1}] has no effect; remove one of them",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "[NotTraced] leaves the parameter out of the span entirely, so [Redact] or [AsMetadata] on the same parameter never applies.",
        helpLinkUri: HelpLink(ConflictingParameterAttributesId));

    public static readonly DiagnosticDescriptor InvalidMetadataKey = new(
        id: InvalidMetadataKeyId,
        title: "Invalid or repeated metadata key",
        messageFormat: "[AsMetadata] on parameter '{0}' {1}",
        category: DiagnosticCategories.Usage,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Each [AsMetadata] parameter becomes one entry of the span's metadata. A blank key is unreadable in Braintrust, and a key used twice in one method keeps only one of the values.",
        helpLinkUri: HelpLink(InvalidMetadataKeyId));

    private static string HelpLink(string id) => HelpLinkBase + id.ToLowerInvariant();
}
