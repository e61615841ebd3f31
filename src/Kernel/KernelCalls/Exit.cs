using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // Exit (ExitMessage) — Status (0x10000 and above means the component's
    // runtime panicked) and an optional reason text. Ends the caller; never returns to it. An unreadable reason
    // is ignored, not an error: the component is ending either way.
    internal static unsafe class Exit
    {
        internal const long PanicStatus = 0x10000;

        internal static int Handle(Process caller, ExitMessage* message)
        {
            long status = message->Status;
            byte* reason = stackalloc byte[KernelCallLimits.MaxDiagnostic];
            long length = message->ReasonLength;
            if (message->Reason == 0 || length <= 0 || length > KernelCallLimits.MaxDiagnostic
                || !KernelServices.Host.CopyFromProcess(caller, (ulong)message->Reason, reason, (int)length))
                length = 0;
            Termination.End(caller, status >= PanicStatus ? DefectClass.Panic : DefectClass.Exit, 0, status, reason, (int)length);
            return Status.Ok;
        }
    }
}
