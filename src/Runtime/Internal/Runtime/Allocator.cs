using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Minix3.Cosmos.Runtime;

namespace Internal.Runtime
{
    // Object allocation. ilc-generated code calls the Rhp* entry points below
    // for every `new`. The heap is one region handed over by the host (the
    // kernel: a region its linker script reserves; a component: its own).
    // Two modes:
    //   bump      (the kernel) memory is only handed out, by bumping a
    //             pointer; the kernel allocates at boot, never on hot paths;
    //   collected (components) objects live in the mark-sweep heap (Gc/);
    //             the bump pointer only serves the runtime's own tables,
    //             from a pool carved before the collected blocks.
    // Exhaustion is a clean, named failure either way.
    internal static unsafe class Allocator
    {
        // Non-GC statics without initializers: plain memory, usable before the
        // module's statics are set up.
        private static byte* s_next;
        private static byte* s_limit;
        private static ulong s_allocatedBytes;

        internal static void Initialize(byte* start, nuint size)
        {
            // Memory from the loader may hold anything; objects must start zeroed.
            Buffer.ZeroMemory(start, size);
            s_next = start;
            s_limit = start + size;
            s_allocatedBytes = 0;
        }

        private const nuint RawPoolBytes = 64 * 1024;
        private static bool s_collected;
        private static delegate*<nuint, byte*> s_grow;

        internal static bool IsCollected => s_collected;

        // Collected mode: the region becomes the GC's metadata, a pool for
        // AllocateRaw, and the collected blocks. `stackTop` bounds the
        // conservative stack scan; `grow` asks the host for more memory right
        // after the region (null: the heap cannot grow).
        internal static void InitializeCollected(byte* start, nuint size, byte* stackTop, delegate*<nuint, byte*> grow)
        {
            s_grow = grow;
            s_next = start;
            s_limit = start + size;
            s_allocatedBytes = 0;
            Gc.GcCollector.Initialize(stackTop, &AllocateRaw);
            Gc.GcHeap.Initialize(start, size, &AllocateRaw, RawPoolBytes);
            s_limit = Gc.GcHeap.BlocksStart;
            s_collected = true;
        }

        internal static ulong AllocatedBytes => s_allocatedBytes;
        internal static ulong FreeBytes => (ulong)(s_limit - s_next);

        private static byte* AllocateZeroed(nuint size)
        {
            size = (size + 7) & ~(nuint)7;
            if (s_next == null)
                RuntimeEnvironment.Fail("allocation before the heap was initialized");
            if (size > (nuint)(s_limit - s_next))
                RuntimeEnvironment.Fail("out of memory: the heap is exhausted");
            byte* result = s_next;
            s_next += size;
            s_allocatedBytes += size;
            return result;
        }

        // Raw memory for the runtime's own tables (never freed, never moved).
        internal static byte* AllocateRaw(nuint size)
        {
            byte* memory = AllocateZeroed(size);
            if (s_collected || s_limit != null)
                Buffer.ZeroMemory(memory, (size + 7) & ~(nuint)7);
            return memory;
        }

        // An object's memory: from the collected heap, or by bumping.
        private static byte* AllocateObject(nuint size)
        {
            if (!s_collected)
                return AllocateZeroed(size);
            byte* memory = Gc.GcHeap.Allocate(size, s_grow);
            if (memory == null)
                RuntimeEnvironment.Fail("out of memory: the heap is full of live objects (or too fragmented for this object)");
            s_allocatedBytes += size;
            return memory;
        }

        internal static object NewObject(MethodTable* type)
        {
            byte* memory = AllocateObject(type->BaseSize);
            *(MethodTable**)memory = type;
            return AsObject(memory);
        }

        internal static object NewArray(MethodTable* type, int length)
        {
            if (length < 0)
                throw new OverflowException();
            // BaseSize covers header, length and padding; 64-bit math cannot
            // overflow for a 31-bit length times a 16-bit component size.
            ulong size = type->BaseSize + (ulong)length * type->ComponentSize;
            if (size > int.MaxValue)
                throw new OutOfMemoryException();
            byte* memory = AllocateObject((nuint)size);
            *(MethodTable**)memory = type;
            *(int*)(memory + sizeof(nint)) = length;
            return AsObject(memory);
        }

        // Reinterprets the address of a constructed object as a reference.
        private static object AsObject(byte* memory)
        {
            nint address = (nint)memory;
            return Unsafe.As<nint, object>(ref address);
        }

        [RuntimeExport("RhpNewFast")]
        private static object RhpNewFast(MethodTable* type) => NewObject(type);

        // Finalizers are not run: the heap never frees (see above).
        [RuntimeExport("RhpNewFinalizable")]
        private static object RhpNewFinalizable(MethodTable* type) => NewObject(type);

        [RuntimeExport("RhpNewArrayFast")]
        private static object RhpNewArrayFast(MethodTable* type, int length) => NewArray(type, length);

        [RuntimeExport("RhpNewPtrArrayFast")]
        private static object RhpNewPtrArrayFast(MethodTable* type, int length) => NewArray(type, length);

        [RuntimeExport("RhpNewArray")]
        private static object RhpNewArray(MethodTable* type, int length) => NewArray(type, length);

        [RuntimeExport("RhNewString")]
        private static object RhNewString(MethodTable* type, int length) => NewArray(type, length);
    }
}
