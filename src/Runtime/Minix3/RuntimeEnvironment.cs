using System;
using Internal.Runtime;
using Internal.Runtime.CompilerHelpers;

namespace Minix3.Cosmos.Runtime
{
    // What the runtime needs from whoever hosts it (the kernel, or a user
    // component's startup code): a heap region, a sink for diagnostics, and a
    // way to die. The host calls Initialize first, before any object is
    // allocated or any static with an initializer is touched.
    public static unsafe class RuntimeEnvironment
    {
        private static delegate*<string, void> s_write;
        private static delegate*<string, void> s_fail;

        public static void Initialize(byte* heapStart, nuint heapSize, delegate*<string, void> write, delegate*<string, void> fail)
        {
            s_write = write;
            s_fail = fail;
            Allocator.Initialize(heapStart, heapSize);
        }

        // For a component: the same, with a garbage-collected heap. The
        // collector scans the stack conservatively up to `stackTop`. When a
        // collection frees too little, it calls `grow(bytes)` for memory
        // directly after the heap (a multiple of 64 KiB; null when refused).
        public static void InitializeCollected(byte* heapStart, nuint heapSize, byte* stackTop, delegate*<nuint, byte*> grow,
            delegate*<string, void> write, delegate*<string, void> fail)
        {
            s_write = write;
            s_fail = fail;
            Allocator.InitializeCollected(heapStart, heapSize, stackTop, grow);
        }

        // Called once the heap exists: allocates the static bases of every
        // module and runs eager class constructors.
        public static void InitializeModules(nint* modulesStart, nint* modulesEnd)
        {
            StartupCodeHelpers.InitializeModules(modulesStart, modulesEnd);
        }

        public static ulong HeapAllocatedBytes => Allocator.AllocatedBytes;
        public static ulong HeapFreeBytes => Allocator.FreeBytes;

        public static void Write(string text)
        {
            if (s_write != null)
                s_write(text);
        }

        private static bool s_failing;

        // Ends the component (in the kernel: a panic). Never returns. A
        // failure while failing (say, the message could not be built because
        // the heap is full) goes straight to the host with a fixed message.
        public static void Fail(string message)
        {
            if (s_failing)
                message = "a second failure while reporting a runtime failure";
            s_failing = true;
            if (s_fail != null)
                s_fail(message);
            // A host that returns from its fail handler, or none installed:
            // spin, there is nothing sane left to do.
            while (true) { }
        }
    }
}
