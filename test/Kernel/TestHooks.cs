using System;
using Minix3.Cosmos.Kernel.Boot;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

// The test kernel's fillings for the kernel's partial-method hooks: each
// hands over to the scenario or run control code beside this file.

namespace Minix3.Cosmos.Kernel.Boot
{
    internal static partial class KernelMain
    {
        // test=<scenario> stops here; exit_when= and halt_after= are armed;
        // the DMA tests' canary in kernel data is filled.
        static partial void StartTestControl()
        {
            Scenarios.Run();
            RunControl.Configure();
            KernelCalls.KernelQueries.FillCanary();
        }
    }

    internal static partial class BootProcesses
    {
        // start=a,b: only these components, RS or not.
        static partial void InCast(ReadOnlySpan<byte> name, ref bool start)
        {
            if (KernelArguments.TryGetValue("start"u8, out ReadOnlySpan<byte> list))
                start = RunControl.ListContains(list, name);
        }
    }
}

namespace Minix3.Cosmos.Kernel.Clock
{
    internal static partial class Timer
    {
        static partial void Ticked(ulong ticks) => RunControl.Tick(ticks);
    }
}

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    internal static partial class Termination
    {
        static partial void Ended(Process process, DefectClass reason, long detail) => RunControl.ComponentEnded(process, reason, detail);
    }
}
