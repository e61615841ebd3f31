using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Tests.Kernel;

namespace Minix3.Cosmos.Tests.Components.DmaHostile
{
    // What it attacks, by attack number: even numbers read, odd numbers
    // write, two per target in this order:
    //   0, 1  kernel text: the start of the kernel image (read); the test
    //         kernel's never-called function (write)
    //   2, 3  kernel data: the test kernel's canary page
    //   4, 5  dmavictim's page of pattern
    //   6, 7  its own code: Main (read); its never-called Sacrifice (write)
    //   8, 9  physical memory 256 MiB past the end of RAM, where nothing is
    // Reads take 256 bytes at the target's start, writes put a 60-byte
    // frame at 0x100 into it (at the start for the code targets).
    public static unsafe class Targets
    {
        public const int Attacks = 10;

        private static Target[] s_targets = null!;

        public static bool Find(Endpoint victim)
        {
            if (KernelQuery.Where(KernelQueryMessage.KernelText, out ulong text, out _) != Status.Ok)
            {
                Diagnostics.Print("dmahostile: no test kernel (its queries are refused)");
                return false;
            }
            KernelQuery.Where(KernelQueryMessage.KernelSacrifice, out ulong sacrifice, out _);
            KernelQuery.Where(KernelQueryMessage.KernelCanary, out ulong canary, out _);
            KernelQuery.Where(KernelQueryMessage.RamEnd, out ulong ramEnd, out _);
            ulong victimPage = Program.VictimPage();
            int status = KernelQuery.Translate(victim.Value, victimPage, out ulong victimPhysical);
            if (victimPage == 0 || status != Status.Ok)
            {
                Diagnostics.Print(string.Concat("dmahostile: dmavictim's page is not found: status ", status.ToString()));
                return false;
            }
            // Its own code: 256-byte and 64-byte aligned windows inside
            // Main and Sacrifice, so that neither crosses a page.
            ulong main = ((ulong)(delegate*<int>)&Program.Main + 255) & ~255UL;
            ulong own = ((ulong)(delegate*<long, long>)&Program.Sacrifice + 63) & ~63UL;
            if (KernelQuery.Translate(KernelQueryMessage.Self, main, out ulong mainPhysical) != Status.Ok
                || KernelQuery.Translate(KernelQueryMessage.Self, own, out ulong ownPhysical) != Status.Ok)
            {
                Diagnostics.Print("dmahostile: its own code has no physical address");
                return false;
            }
            ulong nowhere = ((ramEnd + 0x1000_0000) + 0xFFF) & ~0xFFFUL;
            s_targets = new[]
            {
                new Target("kernel text", TargetKind.Kernel, text, 0),
                new Target("kernel text", TargetKind.Kernel, sacrifice, 0),
                new Target("kernel data", TargetKind.Kernel, canary, 0),
                new Target("kernel data", TargetKind.Kernel, canary + 0x100, 0),
                new Target("dmavictim's memory", TargetKind.Victim, victimPhysical, 0),
                new Target("dmavictim's memory", TargetKind.Victim, victimPhysical + 0x100, 0),
                new Target("its own code", TargetKind.Own, mainPhysical, main),
                new Target("its own code", TargetKind.Own, ownPhysical, own),
                new Target("unmapped memory", TargetKind.Nowhere, nowhere, 0),
                new Target("unmapped memory", TargetKind.Nowhere, nowhere + 0x100, 0),
            };
            Diagnostics.Print(string.Concat("dmahostile: targets: kernel text 0x", text.ToString("x"), " and 0x", sacrifice.ToString("x"),
                ", kernel data 0x", canary.ToString("x"), ", dmavictim 0x", victimPhysical.ToString("x"), ", own code 0x", mainPhysical.ToString("x"),
                " and 0x", ownPhysical.ToString("x"), ", unmapped 0x", nowhere.ToString("x"), " (ram ends at 0x", ramEnd.ToString("x"), ")"));
            return true;
        }

        public static Target Of(int attack) => s_targets[attack];

        // A kernel region's checksum, in hex (or "?").
        public static string KernelChecksum(long region)
        {
            if (KernelQuery.Where(region, out ulong start, out ulong length) != Status.Ok
                || KernelQuery.Checksum(start, length, out ulong checksum) != Status.Ok)
                return "?";
            return checksum.ToString("x16");
        }
    }

    public enum TargetKind
    {
        Kernel,
        Victim,
        Own,
        Nowhere,
    }

    public sealed unsafe class Target
    {
        // virtualAddress: its own user address of an Own target (it reads
        // its code there to compare).
        public Target(string name, TargetKind kind, ulong physical, ulong virtualAddress)
        {
            Name = name;
            Kind = kind;
            Physical = physical;
            VirtualAddress = virtualAddress;
        }

        public string Name { get; }
        public TargetKind Kind { get; }
        public ulong Physical { get; }
        public ulong VirtualAddress { get; }

        // The checksum of the target's first length bytes as they are now,
        // read the honest way (the kernel's query, dmavictim's pattern, its
        // own mapping); false for unmapped memory.
        public bool HasReference(int length, out ulong checksum)
        {
            checksum = 0;
            switch (Kind)
            {
                case TargetKind.Kernel:
                    return KernelQuery.Checksum(Physical, (ulong)length, out checksum) == Status.Ok;
                case TargetKind.Victim:
                    byte* pattern = stackalloc byte[length];
                    for (int i = 0; i < length; i++)
                        pattern[i] = DmaTestMessage.VictimByte((int)(Physical & 0xFFF) + i);
                    checksum = DmaTestMessage.Fnv1a(pattern, length);
                    return true;
                case TargetKind.Own:
                    checksum = DmaTestMessage.Fnv1a((byte*)VirtualAddress, length);
                    return true;
                default:
                    return false;
            }
        }

        // Whether the frame is now at the target: 1 yes, 0 no, -1 cannot
        // tell (unmapped memory). dmavictim is asked, and logs its checksum.
        public int Holds(byte* frame, int length)
        {
            switch (Kind)
            {
                case TargetKind.Kernel:
                    return KernelQuery.Checksum(Physical, (ulong)length, out ulong now) == Status.Ok && now == DmaTestMessage.Fnv1a(frame, length) ? 1 : 0;
                case TargetKind.Victim:
                    return Program.AskVictim(DmaTestMessage.Checksum) > 0 ? 1 : 0;
                case TargetKind.Own:
                    return DmaTestMessage.Fnv1a((byte*)VirtualAddress, length) == DmaTestMessage.Fnv1a(frame, length) ? 1 : 0;
                default:
                    return -1;
            }
        }
    }
}
