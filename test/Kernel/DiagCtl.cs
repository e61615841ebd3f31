using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Tests.Kernel;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // The test kernel's DiagCtl, in place of src/Kernel/KernelCalls/DiagCtl.cs
    // (the test kernel's project compiles every kernel source but that
    // one): the same printing, plus the queries of KernelQueryMessage for a
    // negative Length, which the default kernel refuses. They only read:
    // a translation of a user address, where the kernel's own regions lie,
    // a checksum of kernel memory. A component can learn its own physical
    // addresses from them, which a real system never tells it: the DMA
    // containment tests (issue 17) aim a device at such addresses.
    internal static unsafe class DiagCtl
    {
        internal static int Handle(Process caller, DiagCtlMessage* message)
        {
            long length = message->Length;
            if (length < 0)
                return KernelQueries.Answer(caller, (KernelQueryMessage*)message);
            if (length > KernelCallLimits.MaxDiagnostic)
                return Status.BadArgument;
            // From here as the default kernel's DiagCtl.
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
