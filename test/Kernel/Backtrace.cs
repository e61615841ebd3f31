using Minix3.Cosmos.Kernel.Arch.X64;

namespace Minix3.Cosmos.Kernel.Diagnostics
{
    // Walks the frame-pointer chain (each frame: [rbp] = caller's rbp,
    // [rbp+8] = return address) and prints each address, one per line;
    // the host names them from kernel.elf's symbols (the launcher rewrites
    // these lines, src/Launcher/KernelSymbols.cs). The walk trusts nothing:
    // a frame pointer must lie inside the kernel image (where all kernel
    // stacks live), be 8-aligned and increase, and the walk stops after
    // MaxFrames.
    // `instruction` is the faulting RIP (0 when panicking in software).
    // The test image's kernel only (src/Kernel/Diagnostics/Backtrace.cs).
    internal static unsafe partial class Backtrace
    {
        private const int MaxFrames = 24;

        static partial void Walk(ulong instruction, ulong framePointer)
        {
            Log.Line("  backtrace:");
            if (instruction != 0)
                Frame(instruction);
            for (int depth = 0; depth < MaxFrames; depth++)
            {
                if (!KernelImage.Contains(framePointer, 16) || (framePointer & 7) != 0)
                    return;
                ulong returnAddress = *(ulong*)(framePointer + 8);
                ulong caller = *(ulong*)framePointer;
                if (returnAddress == 0)
                    return;
                Frame(returnAddress);
                if (caller <= framePointer)
                    return;
                framePointer = caller;
            }
            Log.Line("    ...");
        }

        private static void Frame(ulong address)
        {
            Log.Write("    ");
            Log.Hex(address);
            Log.Line();
        }
    }
}
