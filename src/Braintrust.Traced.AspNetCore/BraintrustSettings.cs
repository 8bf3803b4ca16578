namespace Braintrust.Traced.AspNetCore;

/// <summary>What <c>AddBraintrustTraced</c> needs to create the logger: the project and the runtime options.</summary>
/// <param name="ProjectName">The Braintrust project the spans go to.</param>
/// <param name="Options">Runtime options; connection settings left <see langword="null"/> are filled from the environment by <see cref="BraintrustLogger.Init"/>.</param>
public sealed record BraintrustSettings(string ProjectName, BraintrustOptions Options);
