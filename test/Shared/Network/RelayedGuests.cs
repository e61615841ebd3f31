using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;

namespace Minix3.Cosmos.Testing.Network;

// Guests joined by a FrameRelay: guest n's NIC on the relay's socket n,
// with its own MAC address (QEMU gives every guest 52:54:00:12:34:56
// otherwise, and a switch cannot tell two of those apart).
internal static class RelayedGuests
{
    // 52:54:00:12:35:01, :02, ... for guests 0, 1, ...
    public static string MacOf(int guest) => $"52:54:00:12:35:{guest + 1:x2}";

    // `options` with its network on the relay as guest `guest`.
    public static BootOptions Join(BootOptions options, FrameRelay relay, int guest, NicModel nic = NicModel.E1000) =>
        options with { Network = new GuestNetwork { Nic = nic, FrameSocket = relay.SocketPath(guest), MacAddress = MacOf(guest) } };

    // Boots each guest (its options and kernel arguments; each needs its
    // own disk image, which QEMU locks) on the relay at once, and returns
    // their results in the same order once all have ended. The relay must
    // be listening already: QEMU connects to it as it starts.
    public static BootResult[] Boot(ImageLayout image, FrameRelay relay, IReadOnlyList<(BootOptions Options, string KernelArguments)> guests, NicModel nic = NicModel.E1000)
    {
        if (guests.Count > relay.PortCount)
            throw new ArgumentException($"{guests.Count} guests on a relay of {relay.PortCount} ports");
        var runs = new Task<BootResult>[guests.Count];
        for (int i = 0; i < guests.Count; i++)
        {
            BootOptions options = Join(guests[i].Options, relay, i, nic);
            string arguments = guests[i].KernelArguments;
            runs[i] = Task.Run(() => Qemu.Boot(image, options, arguments, null));
        }
        Task.WaitAll(runs);
        return Array.ConvertAll(runs, r => r.Result);
    }
}
