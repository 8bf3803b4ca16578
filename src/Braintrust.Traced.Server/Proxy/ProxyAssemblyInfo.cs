using System.Runtime.CompilerServices;

// The proxy's tests and benchmark exercise its internal building blocks (cache codec, key builder) directly.
[assembly: InternalsVisibleTo("Braintrust.Traced.Proxy.Tests")]
[assembly: InternalsVisibleTo("Braintrust.Traced.Proxy.Benchmarks")]
