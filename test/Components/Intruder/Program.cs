using System.Runtime;
using System.Runtime.CompilerServices;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Intruder
{
    // Probes the device-memory check (vm's MapDevice, the kernel's check of
    // the table) with ranges outside its
    // policy's one page, maps that page as the control, asks vm for a fork,
    // an exec and a spawn its table does not allow, then executes ud2:
    // the kernel must end only this component, as a CPU exception (#UD),
    // and report it to its manager (monitor). Prints
    // "intruder: <probe>: refused <status>" or "allowed".
    public static unsafe class Program
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "test_invalid_opcode")]
        private static extern void InvalidOpcode();

        public static int Main()
        {
            Report("umap-unlisted-range", Map(0xb8000, 0x1000));          // VGA text: not listed
            Report("umap-past-listed-range", Map(0xa0000, 0x2000));       // runs one page past it
            Report("umap-kernel-image", Map(0x100000, 0x1000));
            Report("umap-wrapping-range", Map(0xFFFF_FFFF_FFFF_F000, 0x2000));
            Report("umap-listed-range", Map(0xa0000, 0x1000));
            // The memory manager judges by the requester's table: no fork or exec bit here.
            Report("vm-fork-without-fork", ProcessControl.Fork(0, out _));
            Report("vm-exec-without-exec", ProcessControl.Exec(0, new byte[64]));
            Report("vm-spawn-without-exec", ProcessControl.Spawn(new byte[64], new byte[16], out _));
            Diagnostics.Print("intruder: probes done; executing ud2");
            InvalidOpcode();
            Diagnostics.Print("intruder: INVALID OPCODE RETURNED");
            return 0;
        }

        private static int Map(ulong physical, ulong length)
        {
            return Devices.Map(physical, length, out _);
        }

        private static void Report(string probe, int status)
        {
            Diagnostics.Print(status < 0
                ? string.Concat("intruder: ", probe, ": refused ", status.ToString())
                : string.Concat("intruder: ", probe, ": allowed"));
        }
    }
}
