namespace Braintrust.Traced.Proxy.Tests.Infrastructure;

/// <summary>A fresh folder under the temp path, removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bt-proxy-tests-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle may still close late; the OS temp cleaner gets the rest.
        }
    }
}
