using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // DiagCtl — reads Word0 (text address), Word1 (length). Prints the text
    // on the kernel console as "[label] text". Non-printable bytes show as '?'.
    internal static unsafe class DiagCtl
    {
        internal static int Handle(Process caller, Message* message)
        {
            long length = message->Word1;
            if (length < 0 || length > KernelCallLimits.MaxDiagnostic)
                return Status.BadArgument;
            byte* text = stackalloc byte[KernelCallLimits.MaxDiagnostic];
            if (!KernelServices.Host.CopyFromProcess(caller, (ulong)message->Word0, text, (int)length))
                return Status.BadAddress;
            Denied.Prefix(caller);
            Log.Ascii(text, (int)length);
            Log.Line();
            return Status.Ok;
        }
    }
}
