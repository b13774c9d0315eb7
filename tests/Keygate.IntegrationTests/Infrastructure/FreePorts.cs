using System.Net;
using System.Net.Sockets;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>Ports for the servers the tests start (PostgreSQL, Redis, Keygate processes, nginx).</summary>
public static class FreePorts
{
    /// <summary>A loopback port that is free now: the OS picks it, and the listener lets it go at once.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
