using System;
using System.Runtime;
using Internal.Runtime.Exceptions;
using Minix3.Cosmos.Runtime;

namespace Internal.Runtime
{
    // Managed exceptions, on the unwind and EH tables ilc emits (see
    // Exceptions/: DwarfUnwinder reads .eh_frame, MethodEHInfo ilc's LSDAs
    // and clause tables, ExceptionDispatcher runs the two passes). ilc
    // compiles `throw e` to a call to RhpThrowEx(e) and `throw;` to a call
    // to RhpRethrow(); those are assembly (src/Asm ExceptionStubs) that
    // capture the caller's registers and call the exports below. A host
    // that turns CPU faults into exceptions redirects the faulting thread to
    // RhpHardwareException, which calls RhThrowHwEx.
    internal static unsafe class ExceptionHandling
    {
        // Faults at addresses below this are null dereferences (an object's
        // fields lie within 64 KiB of its address), as in NativeAOT.
        private const ulong NullPageLimit = 0x10000;
        private const ulong DivideError = 0;
        private const ulong PageFault = 14;

        [RuntimeExport("RhThrowEx")]
        private static void RhThrowEx(object? exception, RegisterContext* throwSite)
        {
            // `throw null` throws a NullReferenceException.
            exception ??= new NullReferenceException();
            ExceptionDispatcher.Dispatch(exception, *throwSite, isActive: false);
        }

        [RuntimeExport("RhRethrow")]
        private static void RhRethrow(RegisterContext* throwSite)
        {
            object? exception = ExceptionDispatcher.ActiveException();
            if (exception == null)
                RuntimeEnvironment.Fail("rethrow outside a handler");
            ExceptionDispatcher.Dispatch(exception!, *throwSite, isActive: false);
        }

        // The faulting instruction is the throw site: its frame is "active"
        // (its Rip is exact, not a return address).
        [RuntimeExport("RhThrowHwEx")]
        private static void RhThrowHwEx(ulong vector, ulong faultAddress, RegisterContext* faultSite)
        {
            Exception exception;
            if (vector == DivideError)
                exception = new DivideByZeroException();
            else if (vector == PageFault && faultAddress < NullPageLimit)
                exception = new NullReferenceException();
            else
            {
                RuntimeEnvironment.Fail(string.Concat("exception handling: a CPU fault that is not a managed exception (vector ",
                    vector.ToString(), ")"));
                return;
            }
            ExceptionDispatcher.Dispatch(exception, *faultSite, isActive: true);
        }

        [RuntimeExport("RhpFallbackFailFast")]
        private static void RhpFallbackFailFast()
        {
            RuntimeEnvironment.Fail("fail-fast requested by generated code");
        }
    }
}
