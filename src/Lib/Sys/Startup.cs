using System.Runtime;
using System.Runtime.CompilerServices;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Runtime;

namespace Minix3.Cosmos.Lib.Sys
{
    // A component's first C#: called by the assembly entry (_start, src/Asm
    // Component) on the stack the linker reserved. Sets up the runtime with
    // a garbage-collected heap in the region the linker reserved, runs the component's Main (through the
    // compiler-generated __managed__Main) and exits with its result. A
    // runtime failure (unhandled exception, heap exhausted) ends the
    // component through the Exit kernel call with a panic status, which the
    // kernel reports to the component's signal manager.
    // How the heap grows when it is full: null (the default) asks the
    // memory manager; the memory manager sets its own.
    public static unsafe class Heap
    {
        public static delegate*<nuint, byte*> Grower;
    }

    internal static unsafe class Startup
    {
        // Exit statuses at or above this are panics, not normal exits.
        internal const int PanicStatus = 0x10000;

        private struct Layout
        {
            internal ulong HeapStart, HeapEnd, ModulesStart, ModulesEnd, StackBottom, StackTop;
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_component_layout")]
        private static extern void ReadLayout(Layout* layout);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "RhpHardwareExceptionAddress")]
        private static extern ulong HardwareExceptionEntry();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "__managed__Main")]
        private static extern int ManagedMain(int argc, byte** argv);

        [RuntimeExport("component_start")]
        private static void Start()
        {
            Layout layout;
            ReadLayout(&layout);
            RuntimeEnvironment.InitializeCollected((byte*)layout.HeapStart, (nuint)(layout.HeapEnd - layout.HeapStart), (byte*)layout.StackTop,
                &GrowHeap, &Write, &Fail);
            RuntimeEnvironment.InitializeModules((nint*)layout.ModulesStart, (nint*)layout.ModulesEnd);
            // Null dereferences and divisions by zero become exceptions.
            Ipc.Trap((ulong)Trap.FaultEntry, HardwareExceptionEntry(), 0, 0);
            int status = ManagedMain(0, null);
            Process.Exit(status & 0xFFFF);
        }

        private static void Write(string text) => Diagnostics.Print(text);

        // The memory manager maps zeroed pages at the end of our image
        // (where the heap ends), within our memory quota; vm itself grows
        // its own through the kernel (Heap.Grower).
        private static byte* GrowHeap(nuint bytes)
        {
            if (Heap.Grower != null)
                return Heap.Grower(bytes);
            Message message = default;
            message.Type = VmRequest.Brk;
            VmBrkRequest.Of(&message)->Bytes = (long)bytes;
            if (Ipc.SendRec(Endpoint.MemoryManager, &message) != Status.Ok || message.Type != Status.Ok)
                return null;
            return (byte*)VmBrkReply.Of(&message)->Address;
        }

        // Must not allocate: the failure may be that the heap is full.
        private static void Fail(string message) => Process.Panic(message);
    }
}
