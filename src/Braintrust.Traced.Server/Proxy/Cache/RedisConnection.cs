using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Braintrust.Traced.Server.Proxy.Cache;

/// <summary>
/// One connection speaking RESP2, the Redis wire protocol, with just the commands the cache needs (AUTH, GET,
/// SET … PX). Not thread-safe: <see cref="RedisProxyCache"/> lends each connection to one command at a time.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly BufferedStream _stream;

    private RedisConnection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = new BufferedStream(tcp.GetStream(), 16 * 1024);
    }

    public static async Task<RedisConnection> OpenAsync(string host, int port, string? password, CancellationToken ct)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, ct);
            var connection = new RedisConnection(tcp);
            if (password is not null)
            {
                await connection.CommandAsync(ct, "AUTH"u8.ToArray(), Encoding.UTF8.GetBytes(password));
            }
            return connection;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command and reads its reply: a bulk string's bytes, null for a nil reply, empty for +OK.</summary>
    public async Task<byte[]?> CommandAsync(CancellationToken ct, params byte[][] arguments)
    {
        await WriteAsciiAsync($"*{arguments.Length}\r\n", ct);
        foreach (var argument in arguments)
        {
            await WriteAsciiAsync($"${argument.Length}\r\n", ct);
            await _stream.WriteAsync(argument, ct);
            await _stream.WriteAsync("\r\n"u8.ToArray(), ct);
        }
        await _stream.FlushAsync(ct);
        return await ReadReplyAsync(ct);
    }

    private async Task<byte[]?> ReadReplyAsync(CancellationToken ct)
    {
        var line = await ReadLineAsync(ct);
        switch (line[0])
        {
            case '+':
            case ':':
                return [];
            case '-':
                // The server's message names the failed command (e.g. "NOAUTH Authentication required."); no data is echoed.
                throw new IOException($"Redis error: {line[1..]}");
            case '$':
                var length = int.Parse(line.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }
                var data = new byte[length + 2];
                await _stream.ReadExactlyAsync(data, ct);
                return data[..length];
            default:
                throw new IOException($"Unexpected Redis reply '{line[0]}'");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        var builder = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            await _stream.ReadExactlyAsync(one, ct);
            if (one[0] == '\r')
            {
                await _stream.ReadExactlyAsync(one, ct);
                return builder.Length > 0 ? builder.ToString() : throw new IOException("Empty Redis reply line");
            }
            builder.Append((char)one[0]);
        }
    }

    private ValueTask WriteAsciiAsync(string text, CancellationToken ct) => _stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct);

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
