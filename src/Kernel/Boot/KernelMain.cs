using System.Runtime;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Clock;
using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Runtime;

namespace Minix3.Cosmos.Kernel.Boot
{
    // The kernel's boot path, one subsystem per line. The assembly entry
    // (src/Asm BootEntry/LongModeEntry) has switched to long mode with an
    // identity map of the first 4 GiB and calls kmain with the Multiboot
    // magic and the physical address of the boot information.
    internal static unsafe partial class KernelMain
    {
        internal const string Banner = "Minix3.Cosmos kernel";

        // ilc wants an entry point; the machine enters at kmain instead.
        private static int Main() => 0;

        [RuntimeExport("kmain")]
        private static void Start(ulong magic, ulong bootInfo)
        {
            SerialPort.Initialize();                 // COM1: the boot log and panics
            VgaText.Initialize();                    // the same log on screen
            KernelImage.Initialize();                // where the linker put us
            StartRuntime();                          // heap, statics, panics for the C# runtime
            PrintBanner();
            BootInfo info = ReadBootInformation((uint)magic, bootInfo);   // and the command line's kernel keys
            Power.PowerOffOnStop(KernelArguments.Has("exit"u8));
            SegmentTables.Initialize();              // GDT and TSS (emergency stacks)
            InterruptTable.Initialize();             // IDT: all 256 vectors to the asm stubs
            FrameAllocator frames = PhysicalMemory.Initialize(info);
            if (!KernelPaging.Initialize(frames, PhysicalMemory.RamEnd))
                Panic.Fail("cannot build the kernel's page tables");
            Pic.Initialize(Interrupts.FirstIrqVector);
            Timer.Start((uint)KernelArguments.Number("timer_hz"u8, Timer.DefaultHz));
            StartTestControl();                      // test kernels: test=, exit_when=, halt_after=
            KernelServices.Start(frames, KernelPaging.Root, Timer.Hz, info);
            BootProcesses.Start(info);
            Idle();                                  // the first clock tick schedules them
        }

        // Filled in by the test image's kernel (test/Kernel): a kernel-only
        // boot scenario, and run control for tests. The default kernel
        // leaves it empty, and the compiler drops the call.
        static partial void StartTestControl();

        private static void StartRuntime()
        {
            ref readonly LinkerLayout layout = ref KernelImage.Layout;
            RuntimeEnvironment.Initialize((byte*)layout.HeapStart, (nuint)(layout.HeapEnd - layout.HeapStart), &RuntimeWrite, &Panic.Fail);
            RuntimeEnvironment.InitializeModules((nint*)layout.ModulesStart, (nint*)layout.ModulesEnd);
        }

        private static void RuntimeWrite(string text) => Log.Write(text);

        // Reads what the boot loader handed over and reports it; the parser
        // has named and skipped every malformed entry, never trusting one.
        // The boot stub identity maps the first 4 GiB: the info structure
        // must lie inside it.
        private static BootInfo ReadBootInformation(uint magic, ulong infoPhysical)
        {
            const ulong identityMappedLimit = 0x1_0000_0000;
            var info = new BootInfo();
            if (!MultibootParser.Parse(magic, infoPhysical, identityMappedLimit, new DirectMap(0, identityMappedLimit), info))
                Log.Line("boot: the boot information is unusable; continuing with what was read");
            Log.Write("boot: Multiboot1");
            if (!info.LoaderName.IsEmpty)
            {
                Log.Write(" from ");
                Log.Ascii(info.LoaderName.Pointer, info.LoaderName.Length);
            }
            Log.Write(", ");
            Log.Decimal((ulong)info.Modules.Length);
            Log.Line(" modules");
            KernelArguments.Read(info.CommandLine);
            return info;
        }

        // The time stamp counter says how far into the boot we are; under QEMU
        // -icount it counts guest instructions, which bench/ reports.
        private static void PrintBanner()
        {
            ulong tsc = Cpu.ReadTimeStampCounter();
            Log.Write(Banner);
            Log.Write(" (tsc ");
            Log.Decimal(tsc);
            Log.Line(")");
        }

        // The kernel's own context from here on: sleep until an interrupt;
        // the dispatcher resumes components from interrupts and comes back
        // here when none is runnable.
        private static void Idle()
        {
            while (true)
                Cpu.EnableInterruptsAndHalt();
        }
    }
}
