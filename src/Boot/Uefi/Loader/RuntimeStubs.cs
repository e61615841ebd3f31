using System.Runtime;

namespace Minix3.Cosmos.Boot.Uefi
{
    // The corelib imports a few helpers that the kernel and components get
    // from src/Asm's runtime object (an ELF object for the System V ABI).
    // The loader is a PE image compiled for the Microsoft x64 ABI, so it
    // defines them here instead. The loader never throws, catches or calls
    // through an interface: those entries end the loader with a message
    // rather than pretend to work.
    internal static unsafe class RuntimeStubs
    {
        // Buffer.Memmove's forward copy (overlap already excluded by the caller).
        [RuntimeExport("RhpCopyForward")]
        private static void CopyForward(byte* destination, byte* source, nuint length)
        {
            for (nuint i = 0; i < length; i++)
                destination[i] = source[i];
        }

        [RuntimeExport("RhpThrowEx")]
        private static void ThrowEx(nint exception) => Console.Fatal("the loader threw an exception (a loader defect)");

        [RuntimeExport("RhpExceptionLayout")]
        private static void ExceptionLayout(void* tables) => Console.Fatal("the loader has no exception tables");

        [RuntimeExport("RhpCallCatchFunclet")]
        private static void CallCatchFunclet(nint exception, ulong handler, void* frame, void* exInfo) => Console.Fatal("catch in the loader");

        [RuntimeExport("RhpCallFinallyFunclet")]
        private static void CallFinallyFunclet(ulong handler, void* frame, void* exInfo) => Console.Fatal("finally in the loader");

        [RuntimeExport("RhpCallFilterFunclet")]
        private static int CallFilterFunclet(nint exception, ulong filter, void* frame) { Console.Fatal("filter in the loader"); return 0; }

        [RuntimeExport("RhpResumeAt")]
        private static void ResumeAt(void* context, ulong rax) => Console.Fatal("resume in the loader");

        [RuntimeExport("RhpInterfaceDispatchCachedAddress")]
        private static nint InterfaceDispatchCachedAddress() { Console.Fatal("interface dispatch in the loader"); return 0; }
    }
}
