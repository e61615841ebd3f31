using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Kernel.Sched;

namespace Minix3.Cosmos.Kernel
{
    // The kernel's subsystems after boot, in one place: trap and interrupt
    // entry points (called from assembly, with no object to hand them) reach
    // the process table, scheduler and IPC engine through here. Set once by
    // KernelMain; nothing else assigns these.
    internal static class KernelServices
    {
        internal static FrameAllocator Frames = null!;
        internal static ProcessTable Processes = null!;
        internal static Scheduler Scheduler = null!;
        internal static IpcEngine Ipc = null!;
        internal static ProcessHost Host = null!;
        internal static ulong KernelRoot;
        internal static Boot.Multiboot.BootInfo Boot = null!;

        internal static bool IsStarted => Processes != null;

        internal static void Start(FrameAllocator frames, ulong kernelRoot, uint timerHz, Boot.Multiboot.BootInfo boot)
        {
            Boot = boot;
            Frames = frames;
            KernelRoot = kernelRoot;
            Processes = new ProcessTable();
            Scheduler = new Scheduler((int)timerHz);
            Host = new ProcessHost();
            Ipc = new IpcEngine(Processes, Scheduler, Host);
        }
    }
}
