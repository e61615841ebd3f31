using System.Collections.Generic;
using System.Text;

namespace Minix3.Cosmos.Launcher.Network;

// QEMU's arguments for a guest's network (QEMU 7.2 syntax). The rule: the
// guest reaches nothing but what the host forwards on its loopback.
//
// User networking (-netdev user) always has restrict=on: libslirp then
// routes nothing to the outside and answers only its own DHCP (and TFTP,
// which has no directory here); UDP to its DNS forwarder (10.0.2.3) and
// TCP to the host (10.0.2.2) are dropped. What is allowed through is
// explicit: hostfwd (host 127.0.0.1:H -> guest :G, listening on the
// loopback only) and guestfwd (guest -> 10.0.2.100:80, which runs the
// launcher's relay to --serve's server on 127.0.0.1). ipv6=off: the
// guest's stack is IPv4 only, so nothing IPv6 is offered at all.
//
// A frame relay's socket (-netdev stream) instead joins the NIC to a host
// harness that relays Ethernet frames between guests; QEMU connects to
// the unix socket the harness listens on, and the frames go as 4-byte
// big-endian lengths followed by the frame.
public static class QemuNetwork
{
    public const string NetdevId = "net0";

    // `servePort`: the --serve server's port on 127.0.0.1 (0: none);
    // `relayCommand`: the command QEMU runs per guest connection to
    // 10.0.2.100:80 (GuestForwardRelay.Command).
    public static List<string> Arguments(GuestNetwork? network, int servePort = 0, string? relayCommand = null)
    {
        if (network == null)
            return new List<string> { "-nic", "none" };
        if (network.MacAddress != null && !GuestNetwork.IsMacAddress(network.MacAddress))
            throw new LauncherException($"not a unicast MAC address: {network.MacAddress}");
        string netdev;
        if (network.FrameSocket != null)
        {
            if (network.ServeDirectory != null || network.Forwards.Count > 0)
                throw new LauncherException("--serve and --forward need QEMU's user networking, not a frame relay's socket");
            netdev = $"stream,id={NetdevId},server=off,addr.type=unix,addr.path={Escape(network.FrameSocket)}";
        }
        else
        {
            var user = new StringBuilder($"user,id={NetdevId},restrict=on,ipv6=off");
            foreach (PortForward forward in network.Forwards)
                user.Append($",hostfwd=tcp:127.0.0.1:{forward.HostPort}-:{forward.GuestPort}");
            if (network.ServeDirectory != null)
            {
                if (servePort <= 0 || relayCommand == null)
                    throw new LauncherException("--serve's server is not running");
                user.Append($",guestfwd=tcp:{GuestNetwork.ServeAddress}:{GuestNetwork.ServePort}-cmd:{Escape(relayCommand)}");
            }
            netdev = user.ToString();
        }
        string device = $"{GuestNetwork.DeviceName(network.Nic)},netdev={NetdevId}";
        if (network.MacAddress != null)
            device += ",mac=" + network.MacAddress;
        var arguments = new List<string> { "-netdev", netdev, "-device", device };
        if (network.CaptureFile != null)
            arguments.AddRange(new[] { "-object", $"filter-dump,id=capture0,netdev={NetdevId},file={Escape(network.CaptureFile)}" });
        return arguments;
    }

    // QEMU's option syntax: a comma inside a value is written twice.
    private static string Escape(string value) => value.Replace(",", ",,");
}
