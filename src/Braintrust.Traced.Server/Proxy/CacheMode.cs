namespace Braintrust.Traced.Server.Proxy;

/// <summary>The <c>x-bt-use-cache</c> header's values.</summary>
public enum CacheMode
{
    /// <summary>Cache only deterministic requests: a <c>seed</c> is present or <c>temperature</c> is 0.</summary>
    Auto,

    Always,

    Never,
}
