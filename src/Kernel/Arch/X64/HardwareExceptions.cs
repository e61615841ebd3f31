using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // Turning a component's divide error or null dereference into a managed
    // exception instead of its end: a component registers its runtime's
    // entry (Trap.FaultEntry); such a fault then resumes there with the
    // vector, the faulting instruction and the fault address in rdi, rsi,
    // rdx, every other register as it was (the runtime raises the
    // exception as if thrown at the faulting instruction). Any other fault,
    // or a component without an entry, ends the component as before.
    internal static unsafe class HardwareExceptions
    {
        private const ulong DivideError = 0;
        private const ulong PageFault = 14;

        // Trap.FaultEntry: the entry must be code the component may execute.
        internal static int Register(Process caller, ulong entry)
        {
            if (entry != 0)
            {
                var space = KernelServices.Host.SpaceOf(caller);
                if (space == null || !space.IsExecutable(entry))
                    return Status.BadAddress;
            }
            caller.FaultEntry = entry;
            return Status.Ok;
        }

        internal static bool TryRedirect(Process process, InterruptFrame* frame, ulong faultAddress)
        {
            ulong entry = process.FaultEntry;
            bool convertible = frame->Vector == DivideError || (frame->Vector == PageFault && faultAddress < TrapVector.NullGuardLimit);
            if (entry == 0 || !convertible || frame->Rip == entry)
                return false;
            frame->Rdi = frame->Vector;
            frame->Rsi = frame->Rip;
            frame->Rdx = frame->Vector == PageFault ? faultAddress : 0;
            frame->Rip = entry;
            return true;
        }

    }
}
