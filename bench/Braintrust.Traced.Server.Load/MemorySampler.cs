using System.Globalization;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// Samples a process's resident set (VmRSS from /proc/&lt;pid&gt;/status) every 100 ms and keeps the maximum;
/// the kernel's own peak (VmHWM) is read at the end as a cross-check that no spike fell between samples.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler(int pid)
    {
        _pid = pid;
        _loop = Task.Run(LoopAsync);
    }

    public long MaxRssBytes { get; private set; }

    public long PeakRssBytes => ReadKilobytes("VmHWM:") * 1024;

    public long CurrentRssBytes => ReadKilobytes("VmRSS:") * 1024;

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            MaxRssBytes = Math.Max(MaxRssBytes, CurrentRssBytes);
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private long ReadKilobytes(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process has exited: nothing more to sample.
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
