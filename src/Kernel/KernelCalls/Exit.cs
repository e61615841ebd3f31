using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // Exit — reads Word0 (status; 0x10000 and above means the component's
    // runtime panicked). Ends the caller; never returns to it.
    internal static unsafe class Exit
    {
        internal const long PanicStatus = 0x10000;

        internal static int Handle(Process caller, Message* message)
        {
            long status = message->Word0;
            Termination.End(caller, status >= PanicStatus ? DefectClass.Panic : DefectClass.Exit, 0, status);
            return Status.Ok;
        }
    }
}
