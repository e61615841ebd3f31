using System;
using System.Collections.Generic;
using System.Globalization;

namespace Minix3.Cosmos.Launcher.Network;

// The network card QEMU gives the guest: Intel's 82540EM (QEMU's e1000,
// device 8086:100e, also what Bochs and VMware emulate) or Realtek's
// RTL8139 (10ec:8139).
public enum NicModel
{
    E1000,
    Rtl8139,
}

// `--forward HOST:GUEST`: host 127.0.0.1:HOST reaches the guest's TCP port GUEST.
public readonly record struct PortForward(int HostPort, int GuestPort)
{
    public static bool TryParse(string text, out PortForward forward)
    {
        forward = default;
        int colon = text.IndexOf(':');
        if (colon <= 0
            || !int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int host)
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int guest)
            || host < 1 || host > 65535 || guest < 1 || guest > 65535)
            return false;
        forward = new PortForward(host, guest);
        return true;
    }

    public override string ToString() => $"{HostPort}:{GuestPort}";
}

// A guest's network: one NIC, on QEMU's user networking restricted to
// what the host forwards (the default), or on a frame relay's unix
// socket (QEMU's -netdev stream, for guests joined by a host harness).
// BootOptions.Network null: no NIC at all (`-nic none`; QEMU would
// otherwise add an e1000 on unrestricted user networking by itself).
public sealed record GuestNetwork
{
    // The fixed address and name under which the guest reaches --serve's
    // HTTP server (iso/root/etc/hosts carries the name): 10.0.2.100 is
    // inside QEMU's user network (10.0.2.0/24) and no address QEMU gives
    // out (gateway .2, DNS .3, DHCP from .15).
    public const string ServeAddress = "10.0.2.100";
    public const string ServeName = "host.minix";
    public const int ServePort = 80;

    // QEMU's user networking: the guest's router and DHCP server, and the
    // first address its DHCP server leases.
    public const string Gateway = "10.0.2.2";
    public const string FirstLease = "10.0.2.15";

    public NicModel Nic { get; init; } = NicModel.E1000;

    // A pcap file QEMU writes every frame of the NIC to, both ways
    // (-object filter-dump): what the guest's stack said, for Wireshark.
    public string? CaptureFile { get; init; }

    // "52:54:00:xx:xx:xx"; null: QEMU's default 52:54:00:12:34:56. Guests
    // joined by a relay need different ones.
    public string? MacAddress { get; init; }

    // A directory the host serves over HTTP to the guest at
    // http://host.minix/ (user networking only).
    public string? ServeDirectory { get; init; }

    public IReadOnlyList<PortForward> Forwards { get; init; } = Array.Empty<PortForward>();

    // A unix socket a frame relay listens on: the NIC's frames go there
    // (QEMU connects as the stream client) instead of to user networking.
    public string? FrameSocket { get; init; }

    // "52:54:00:12:34:56" style, six hex pairs, unicast (the first octet's
    // low bit clear).
    public static bool IsMacAddress(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length != 6)
            return false;
        foreach (string part in parts)
        {
            if (part.Length != 2 || !byte.TryParse(part, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _))
                return false;
        }
        return (byte.Parse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) & 1) == 0;
    }

    public static bool TryParseNic(string text, out NicModel nic)
    {
        switch (text)
        {
            case "e1000": nic = NicModel.E1000; return true;
            case "rtl8139": nic = NicModel.Rtl8139; return true;
            default: nic = default; return false;
        }
    }

    public static string DeviceName(NicModel nic) => nic == NicModel.Rtl8139 ? "rtl8139" : "e1000";
}
