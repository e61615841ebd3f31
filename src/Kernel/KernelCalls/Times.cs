using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Clock;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // Times — reads nothing. Replies Word0 ticks since boot, Word1 ticks per
    // second, Word2 the time stamp counter.
    internal static unsafe class Times
    {
        internal static int Handle(Process caller, Message* message)
        {
            message->Word0 = (long)Timer.Ticks;
            message->Word1 = Timer.Hz;
            message->Word2 = (long)Cpu.ReadTimeStampCounter();
            return Status.Ok;
        }
    }
}
