using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // DiagCtl (DiagCtlMessage) — prints the Text
    // on the kernel console as "[label] text". Non-printable bytes show as '?'.
    internal static unsafe class DiagCtl
    {
        internal static int Handle(Process caller, DiagCtlMessage* message)
        {
            long length = message->Length;
            if (length < 0 || length > KernelCallLimits.MaxDiagnostic)
                return Status.BadArgument;
            byte* text = stackalloc byte[KernelCallLimits.MaxDiagnostic];
            if (!KernelServices.Host.CopyFromProcess(caller, (ulong)message->Text, text, (int)length))
                return Status.BadAddress;
            Denied.Prefix(caller);
            Log.Ascii(text, (int)length);
            Log.Line();
            return Status.Ok;
        }
    }
}
