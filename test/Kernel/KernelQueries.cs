using System.Runtime.CompilerServices;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Boot;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Tests.Kernel;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // The answers to the test kernel's queries (KernelQueryMessage), and
    // the two kernel targets the DMA containment tests aim a device at
    // without harm when nothing stops it (a run without an IOMMU):
    //   - the canary: 4 KiB of kernel data (a static, in the kernel's data
    //     section) filled with a known pattern at boot and never touched
    //     again by the kernel;
    //   - the sacrifice: kernel code (Sacrifice below) that nothing calls.
    // A device write lands in them visibly (their checksums change) and
    // breaks nothing the kernel runs.
    internal static unsafe class KernelQueries
    {
        private const int PageSize = 4096;

        private struct CanaryBytes
        {
            public fixed byte Bytes[2 * PageSize];
        }

        // Only its address is taken (fixed), which the compiler does not count as a use.
#pragma warning disable CS0169
        private static CanaryBytes s_canary;
#pragma warning restore CS0169

        // The canary's page-aligned 4 KiB inside s_canary.
        private static byte* Canary
        {
            get
            {
                fixed (byte* bytes = s_canary.Bytes)
                    return (byte*)(((ulong)bytes + PageSize - 1) & ~(ulong)(PageSize - 1));
            }
        }

        // At boot (StartTestControl), before any component runs.
        internal static void FillCanary()
        {
            byte* canary = Canary;
            for (int i = 0; i < PageSize; i++)
                canary[i] = CanaryByte(i);
        }

        // The canary's pattern (test/Components/DmaHostile knows it too).
        internal static byte CanaryByte(int i) => (byte)(i * 7 + 0x3D);

        internal static int Answer(Process caller, KernelQueryMessage* query)
        {
            switch (query->Query)
            {
                case KernelQueryMessage.Translate:
                    return Translate(caller, query);
                case KernelQueryMessage.Where:
                    return Where(query);
                case KernelQueryMessage.Checksum:
                    return Checksum(query);
                default:
                    return Status.BadArgument;
            }
        }

        private static int Translate(Process caller, KernelQueryMessage* query)
        {
            Process? target = query->Target == KernelQueryMessage.Self ? caller : KernelServices.Processes.Lookup(new Endpoint((int)query->Target));
            if (target == null)
                return Status.DeadEndpoint;
            AddressSpace? space = KernelServices.Host.SpaceOf(target);
            if (space == null || !space.IsUserRange((ulong)query->Address, 1, false))
                return Status.BadAddress;
            if (!space.Translate((ulong)query->Address, out ulong physical, out PageFlags flags))
                return Status.BadAddress;
            query->Result0 = (long)physical;
            query->Result1 = (long)flags;
            return Status.Ok;
        }

        private static int Where(KernelQueryMessage* query)
        {
            ref readonly LinkerLayout layout = ref KernelImage.Layout;
            ulong start, length;
            switch (query->Address)
            {
                case KernelQueryMessage.KernelText:
                    start = layout.TextStart;
                    length = layout.TextEnd - layout.TextStart;
                    break;
                case KernelQueryMessage.KernelReadOnly:
                    start = layout.RodataStart;
                    length = layout.RodataEnd - layout.RodataStart;
                    break;
                case KernelQueryMessage.KernelCanary:
                    start = (ulong)Canary;
                    length = PageSize;
                    break;
                case KernelQueryMessage.KernelSacrifice:
                    start = (ulong)(delegate*<int, int>)&Sacrifice;
                    length = 64;
                    break;
                case KernelQueryMessage.RamEnd:
                    start = PhysicalMemory.RamEnd;
                    length = 0;
                    break;
                default:
                    return Status.BadArgument;
            }
            query->Result0 = (long)start;
            query->Result1 = (long)length;
            return Status.Ok;
        }

        private static int Checksum(KernelQueryMessage* query)
        {
            ulong address = (ulong)query->Address, size = (ulong)query->Size;
            if (!KernelImage.Contains(address, size))
                return Status.BadAddress;
            ulong hash = 0xCBF29CE484222325;
            for (ulong i = 0; i < size; i++)
                hash = (hash ^ *(byte*)(address + i)) * 0x100000001B3;
            query->Result0 = (long)hash;
            return Status.Ok;
        }

        // Kernel code that never runs: the device's target in kernel text.
        // Long enough that a 60-byte frame stays inside it.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Sacrifice(int x)
        {
            for (int i = 0; i < 16; i++)
                x = x * 31 + (x >> 3) + i * 0x5bd1e995;
            return x ^ (x >> 13) ^ 0x2545F491;
        }
    }
}
