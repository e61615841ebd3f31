using System.Runtime.CompilerServices;
using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Tests.Kernel;

namespace Minix3.Cosmos.Tests.Components.DmaHostile
{
    // A hostile driver of the e1000 (issue 17, test/Boot/DmaContainmentTests.cs).
    // It claims the NIC through pci and allocates its DMA memory as the
    // real driver does, then, one attack at a time, aims the NIC at memory
    // it does not own: a transmit descriptor makes the NIC read there and
    // send the bytes (a read attack; the PHY's loopback brings the frame
    // back into its own buffer, where it compares it with the target's
    // bytes), a receive descriptor makes the NIC write the next frame
    // there (a write attack; it sends that frame itself, through loopback).
    // Targets: kernel text (a never-called test-kernel function), kernel
    // data (the test kernel's canary page), dmavictim's page, its own code
    // (a never-called function of its own) and physical memory past the
    // end of RAM. The test kernel's queries (KernelQuery) tell it the
    // physical addresses; with no IOMMU every target is harmless to hit.
    //
    // With an IOMMU each attack is a DMA fault, reported to RS, which
    // restarts it: the next attack index is kept in DS, so the new instance
    // goes on with the next one. Without one it goes on by itself after
    // WaitForRestartMs (iommu polls its fault records every 50 ms and RS
    // restarts at once: the kill comes well inside it). The PHY stays in
    // loopback during the attacks: no attack frame reaches the wire. After the last attack: the checksums again, a
    // frame through its own buffers (loopback), then loopback off and an
    // ARP request to QEMU's user-network gateway (the network works), and
    // dmavictim is told to finish, which ends the run.
    //
    // Log lines (test/Boot/DmaContainmentTests.cs reads them):
    //   dmahostile: instance <n> holds the e1000, dma memory at physical 0x<p>; attacks from <k>
    //   dmahostile: before: kernel text 0x<fnv>, kernel read-only data 0x<fnv>, kernel data canary 0x<fnv>
    //   dmahostile: attack <k>: read of <target> at 0x<p>            (the NIC is about to read there)
    //   dmahostile: attack <k>: write to <target> at 0x<p>           (the NIC is about to write there)
    //   dmahostile: attack <k>: <outcome>, one of
    //     ...the target's bytes came back: LEAKED (...)               a read reached the target
    //     ...the frame is not the target's bytes: not leaked (...)    it did not (QEMU's VT-d: zeros)
    //     ...the frame is in the target: LANDED (...)                 a write reached the target
    //     ...the target does not hold the frame: not landed (...)     it did not
    //     ...: unchecked (...)                                        unmapped memory: nothing to compare
    //   dmahostile: attack <k>: still running <ms> ms later          (nothing restarted it: no containment)
    //   dmahostile: after: kernel text 0x<fnv>, ...                   (as before:)
    //   dmahostile: own buffers: ok | FAIL ...                        (loopback through its own DMA memory)
    //   dmahostile: arp: 10.0.2.2 is at <mac>: ok | FAIL ...          (the real network, loopback off)
    //   dmahostile: done
    public static unsafe class Program
    {
        private const ushort Vendor = 0x8086, Device = 0x100E;
        public const int WaitForRestartMs = 3000;
        private const int ReadBytes = 256, WriteBytes = 60;

        // DMA memory: the rings in page 0, the frame it sends in page 1,
        // the receive buffer in page 2.
        private const int TransmitBufferAt = 4096, ReceiveBufferAt = 8192, DmaBytes = 4 * 4096;

        private static Nic s_nic = null!;
        private static byte* s_dma;
        private static ulong s_dmaPhysical;
        private static Endpoint s_victim;

        public static int Main()
        {
            Lifecycle.Start("dmahostile");
            var state = new StateStore("dmahostile");
            if (state.RestoreNumber("next", out uint next) != Status.Ok)
                next = 0;
            if (!Hold())
                return 1;
            Diagnostics.Print(string.Concat("dmahostile: instance ", Lifecycle.Instance.ToString(), " holds the e1000, dma memory at physical 0x",
                s_dmaPhysical.ToString("x"), "; attacks from ", next.ToString()));
            if (!Targets.Find(Victim()))
                return 1;
            if (next == 0)
                PrintChecksums("before");
            if (!s_nic.Start() || !s_nic.Loopback(true))
            {
                Diagnostics.Print("dmahostile: the NIC does not start or loop back");
                return 1;
            }
            for (uint attack = next; attack < Targets.Attacks; attack++)
            {
                state.SaveNumber("next", attack + 1);
                Attack((int)attack);
                Devices.Sleep(WaitForRestartMs);
                Diagnostics.Print(string.Concat("dmahostile: attack ", attack.ToString(), ": still running ", WaitForRestartMs.ToString(), " ms later"));
            }
            PrintChecksums("after");
            OwnBuffers();
            s_nic.Loopback(false);
            Arp.Ask(s_nic, s_dma + TransmitBufferAt, s_dmaPhysical + TransmitBufferAt, s_dma + ReceiveBufferAt, s_dmaPhysical + ReceiveBufferAt);
            AskVictim(DmaTestMessage.Finish);
            Diagnostics.Print("dmahostile: done");
            Message message;
            while (true)
                Ipc.Receive(Endpoint.Any, &message);
        }

        // The device, its registers and its DMA memory, as the real driver gets them.
        private static bool Hold()
        {
            int status = PciClient.Claim(Vendor, Device, 0, out PciDeviceReply nic);
            PciBarReply bar = default;
            if (status == Status.Ok)
                status = PciClient.Bar(nic.Address, 0, out bar);
            if (status == Status.Ok && bar.Kind != PciBarKind.Memory)
                status = Status.BadArgument;
            ulong registers = 0;
            if (status == Status.Ok)
                status = Devices.Map(bar.Base, (bar.Size + 4095) & ~4095UL, out registers);
            ulong dma = 0;
            if (status == Status.Ok)
                status = Devices.AllocateDma(DmaBytes, out dma, out s_dmaPhysical);
            if (status != Status.Ok)
            {
                Diagnostics.Print(string.Concat("dmahostile: no e1000: status ", status.ToString()));
                return false;
            }
            s_dma = (byte*)dma;
            s_nic = new Nic(new Mmio(registers), s_dma, s_dmaPhysical);
            return true;
        }

        private static Endpoint Victim()
        {
            for (int tries = 0; tries < 200; tries++)
            {
                s_victim = Endpoints.Lookup("dmavictim");
                if (!s_victim.IsNone)
                    break;
                Devices.Sleep(10);
            }
            return s_victim;
        }

        private static void PrintChecksums(string when)
        {
            Diagnostics.Print(string.Concat("dmahostile: ", when, ": kernel text 0x", Targets.KernelChecksum(KernelQueryMessage.KernelText),
                ", kernel read-only data 0x", Targets.KernelChecksum(KernelQueryMessage.KernelReadOnly),
                ", kernel data canary 0x", Targets.KernelChecksum(KernelQueryMessage.KernelCanary)));
            AskVictim(DmaTestMessage.Checksum);
        }

        // Checksum or Finish: how many bytes of its page dmavictim finds
        // changed (it logs its checksum itself), or -1 without an answer.
        public static int AskVictim(int type)
        {
            Message message = default;
            message.Type = type;
            if (Ipc.SendRec(s_victim, &message) != Status.Ok || message.Type != type)
                return -1;
            return DmaTestMessage.Of(&message)->Changed;
        }

        public static ulong VictimPage()
        {
            Message message = default;
            message.Type = DmaTestMessage.Where;
            return Ipc.SendRec(s_victim, &message) == Status.Ok && message.Type == DmaTestMessage.Where ? DmaTestMessage.Of(&message)->Address : 0;
        }

        private static void Attack(int attack)
        {
            Target target = Targets.Of(attack);
            bool read = attack % 2 == 0;
            Diagnostics.Print(string.Concat("dmahostile: attack ", attack.ToString(), read ? ": read of " : ": write to ", target.Name,
                " at 0x", target.Physical.ToString("x")));
            string outcome = read ? ReadAttack(target) : WriteAttack(target, attack);
            Diagnostics.Print(string.Concat("dmahostile: attack ", attack.ToString(), ": ", outcome));
        }

        // The NIC reads ReadBytes at the target and sends them; loopback
        // brings them into its own receive buffer.
        private static string ReadAttack(Target target)
        {
            byte* into = s_dma + ReceiveBufferAt;
            for (int i = 0; i < ReadBytes; i++)
                into[i] = 0;
            s_nic.PostReceive(s_dmaPhysical + ReceiveBufferAt);
            bool sent = s_nic.Transmit(target.Physical, ReadBytes, 1000);
            int length = s_nic.WaitReceive(1000);
            if (length < 0)
                return sent ? "sent, but no frame came back: unchecked" : "the NIC did not send: no frame";
            ulong got = DmaTestMessage.Fnv1a(into, length < ReadBytes ? length : ReadBytes);
            string first = string.Concat(" (", length.ToString(), " bytes, starting ", Hex(into, 8), ")");
            if (!target.HasReference(ReadBytes, out ulong expected))
                return "a frame came back, no reference to compare: unchecked" + first;
            return got == expected && length >= ReadBytes ? "the target's bytes came back: LEAKED" + first : "the frame is not the target's bytes: not leaked" + first;
        }

        // The NIC writes the next frame at the target; the frame (distinct
        // per attack) comes from its own transmit buffer through loopback.
        private static string WriteAttack(Target target, int attack)
        {
            byte* frame = s_dma + TransmitBufferAt;
            Frames.Marked(frame, WriteBytes, s_nic.Mac, attack);
            s_nic.PostReceive(target.Physical);
            bool sent = s_nic.Transmit(s_dmaPhysical + TransmitBufferAt, WriteBytes, 1000);
            int length = s_nic.WaitReceive(1000);
            string done = length < 0 ? (sent ? " (sent; no receive descriptor done)" : " (the NIC did not send)") : string.Concat(" (receive descriptor done, ", length.ToString(), " bytes)");
            int landed = target.Holds(frame, WriteBytes);
            return (landed > 0 ? "the frame is in the target: LANDED" : landed == 0 ? "the target does not hold the frame: not landed" : "nothing to compare: unchecked") + done;
        }

        // The network through its own buffers: a frame out of its transmit
        // buffer comes back into its receive buffer.
        private static void OwnBuffers()
        {
            byte* frame = s_dma + TransmitBufferAt, into = s_dma + ReceiveBufferAt;
            Frames.Marked(frame, 128, s_nic.Mac, 99);
            for (int i = 0; i < 128; i++)
                into[i] = 0;
            s_nic.PostReceive(s_dmaPhysical + ReceiveBufferAt);
            bool sent = s_nic.Transmit(s_dmaPhysical + TransmitBufferAt, 128, 1000);
            int length = s_nic.WaitReceive(1000);
            bool same = length == 128 && DmaTestMessage.Fnv1a(into, 128) == DmaTestMessage.Fnv1a(frame, 128);
            Diagnostics.Print(same ? "dmahostile: own buffers: ok"
                : string.Concat("dmahostile: own buffers: FAIL sent ", sent ? "yes" : "no", ", received ", length.ToString()));
        }

        public static string Hex(byte* bytes, int count)
        {
            var digits = new char[count * 2];
            const string hex = "0123456789abcdef";
            for (int i = 0; i < count; i++)
            {
                digits[2 * i] = hex[bytes[i] >> 4];
                digits[2 * i + 1] = hex[bytes[i] & 15];
            }
            return new string(digits);
        }

        // Its own code that never runs: the write attack's target in its
        // own text. Straight-line, so that it is long (some hundreds of
        // bytes) and a 64-byte-aligned 60-byte window lies inside it.
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static long Sacrifice(long x)
        {
            x = x * 0x5bd1e995 + 0x1b873593; x ^= x >> 13; x = x * 0x27d4eb2d + 0x165667b1; x ^= x >> 15;
            x = x * 0x85ebca6b + 0x61c88647; x ^= x >> 11; x = x * 0x9e3779b1 + 0x7f4a7c15; x ^= x >> 17;
            x = x * 0x2545f491 + 0x4cf5ad43; x ^= x >> 12; x = x * 0x94d049bb + 0x3c6ef372; x ^= x >> 14;
            x = x * 0xbf58476d + 0x6a09e667; x ^= x >> 16; x = x * 0xc2b2ae35 + 0x510e527f; x ^= x >> 10;
            x = x * 0x1656670b + 0x9b05688c; x ^= x >> 9; x = x * 0xd6e8feb8 + 0x1f83d9ab; x ^= x >> 18;
            x = x * 0x4b7a4e9c + 0x5be0cd19; x ^= x >> 19; x = x * 0x3c6ef372 + 0xa54ff53a; x ^= x >> 20;
            x = x * 0x7137449 + 0x428a2f98; x ^= x >> 21; x = x * 0xb5c0fbcf + 0xe9b5dba5; x ^= x >> 22;
            x = x * 0x3956c25b + 0x59f111f1; x ^= x >> 23; x = x * 0x923f82a4 + 0xab1c5ed5; x ^= x >> 24;
            return x;
        }
    }
}
