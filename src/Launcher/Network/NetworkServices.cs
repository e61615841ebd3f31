using System.IO;

namespace Minix3.Cosmos.Launcher.Network;

// The host's side of a guest's user networking for one run: checks that
// each --forward's host port is free on 127.0.0.1, starts --serve's
// server, and says what reaches what.
public static class NetworkServices
{
    // The --serve server (the caller disposes it when the guest ends), or
    // null. `logRequests`: a line per request to `echo` (not while the
    // terminal is the guest's serial line).
    public static HttpFileServer? Start(GuestNetwork? network, TextWriter? echo, bool logRequests = true)
    {
        if (network == null)
            return null;
        if (network.FrameSocket != null)
        {
            echo?.WriteLine($"launcher: the {GuestNetwork.DeviceName(network.Nic)} is on the frame relay at {network.FrameSocket}");
            return null;
        }
        foreach (PortForward forward in network.Forwards)
        {
            if (!GdbStub.IsFree(forward.HostPort))
                throw new LauncherException($"--forward {forward}: port {forward.HostPort} on 127.0.0.1 is taken");
            echo?.WriteLine($"launcher: forwarding 127.0.0.1:{forward.HostPort} on the host to the guest's TCP port {forward.GuestPort}");
        }
        if (network.ServeDirectory == null)
            return null;
        HttpFileServer server = HttpFileServer.Start(network.ServeDirectory, logRequests ? echo : null);
        echo?.WriteLine($"launcher: serving {server.Root} to the guest at http://{GuestNetwork.ServeName}/ ({GuestNetwork.ServeAddress}:{GuestNetwork.ServePort}; 127.0.0.1:{server.Port} on the host)");
        return server;
    }
}
