using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Clock;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // Times (TimesMessage) — reads nothing; replies the clock.
    internal static unsafe class Times
    {
        internal static int Handle(Process caller, TimesMessage* message)
        {
            message->Ticks = (long)Timer.Ticks;
            message->TicksPerSecond = Timer.Hz;
            message->TimeStamp = (long)Cpu.ReadTimeStampCounter();
            return Status.Ok;
        }
    }
}
