using Minix3.Cosmos.Runtime;

namespace Internal.Runtime.Exceptions
{
    // What the unwinder knows of one frame: where it executes and the
    // registers a caller may rely on (System V x86-64 callee-saved: rbx, rbp,
    // r12-r15) plus rsp. Layout contract with src/Asm ExceptionStubs: these
    // eight fields at offsets 0..56, 64 bytes.
    //   Rip: for the frame that threw, the return address of its call to
    //        RhpThrowEx; for a hardware fault, the faulting instruction; for
    //        every older frame, the return address of its call.
    //   Rsp: the frame's rsp at that point (just above the return address
    //        its callee was entered with).
    internal struct RegisterContext
    {
        internal ulong Rip;
        internal ulong Rsp;
        internal ulong Rbp;
        internal ulong Rbx;
        internal ulong R12;
        internal ulong R13;
        internal ulong R14;
        internal ulong R15;
    }

    // One exception being dispatched, in the dispatcher's stack frame, so a
    // newer ExInfo always lies at a lower address. Active ones form a list
    // headed by RhpExInfoHead (src/Asm): the newest is what `throw;`
    // rethrows. Layout contract with the asm: Previous at offset 0 (the
    // resume helpers drop every ExInfo below the stack pointer they resume
    // at: those dispatches are over).
    internal unsafe struct ExInfo
    {
        internal ExInfo* Previous;
        // The exception object's address. Kept as an integer because C#
        // forbids pointers to structs holding references; the object stays
        // reachable through the dispatcher's own locals.
        internal nint Exception;
        // While one of this dispatch's catch or finally funclets runs: the
        // frame it belongs to, whether Frame.Rip is an exact faulting
        // instruction, and the clause's index. An exception leaving the
        // funclet continues from here, after that clause.
        internal RegisterContext Frame;
        internal bool FrameIsActive;
        internal uint ClauseIndex;
    }

    // RhpExceptionLayout's answer (8 qwords, that order): the bounds of the
    // linker's .eh_frame output section, of the whole image (LSDAs, EH
    // clause tables and type descriptors all lie inside it), the return
    // addresses of the three funclet-call helpers, and the ExInfo list head.
    internal unsafe struct ExceptionTables
    {
        internal byte* EhFrameStart;
        internal byte* EhFrameEnd;
        internal byte* ImageStart;
        internal byte* ImageEnd;
        internal ulong CatchReturn;
        internal ulong FinallyReturn;
        internal ulong FilterReturn;
        internal ExInfo** Head;
    }

    internal static class Corrupt
    {
        // Every inconsistency in the compiler's tables or the stack ends here:
        // better a clean failure than a jump through a bad pointer.
        internal static void Fail(string what) =>
            RuntimeEnvironment.Fail(string.Concat("exception handling: ", what));
    }
}
