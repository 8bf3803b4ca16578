using System.Net;
using System.Net.Sockets;

namespace Braintrust.Traced.UI.Tests.Infrastructure;

/// <summary>
/// HTTP clients that connect from a chosen loopback address (127.0.0.2, 127.0.0.3, ...): on Linux the whole of
/// 127.0.0.0/8 is loopback, so one test machine can act as several distinct clients for per-client limits.
/// </summary>
internal static class LoopbackClient
{
    public static HttpMessageHandler From(string localAddress) => new SocketsHttpHandler
    {
        UseCookies = false,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
