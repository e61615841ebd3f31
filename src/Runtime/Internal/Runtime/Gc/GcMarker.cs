using System;
using Minix3.Cosmos.Runtime;

namespace Internal.Runtime.Gc
{
    // Marking: everything reachable from the roots gets its mark bit.
    //   Roots: the GC static bases (the holder objects the module start-up
    //   allocated, found again through the modules' GC static regions) and
    //   the stack, scanned conservatively: every aligned word that points
    //   into a live object (anywhere inside it: managed code holds interior
    //   references) keeps that object. The collector is entered through an
    //   assembly stub that first pushes the callee-saved registers, so
    //   references held only in registers are on the scanned stack too.
    //   Tracing: precise, from the compiler's GC descriptor in front of each
    //   MethodTable (see TraceObject).
    // An explicit mark stack, no recursion; if it overflows, marking falls
    // back to rescanning the heap for marked objects until nothing changes.
    internal static unsafe class GcMarker
    {
        private const int StackCapacity = 16384;

        private static byte** s_stack;
        private static int s_depth;
        private static bool s_overflowed;

        internal static void Initialize(delegate*<nuint, byte*> raw)
        {
            s_stack = (byte**)raw((nuint)(StackCapacity * sizeof(nint)));
        }

        // Marks the object containing `address`, if it is a live heap object.
        internal static void MarkConservative(nuint address)
        {
            byte* start = GcHeap.FindObject(address);
            if (start != null)
                Push(start);
        }

        // Marks the object a field refers to (the field holds its start).
        private static void MarkReference(nuint reference)
        {
            if (reference == 0 || !GcHeap.Contains(reference))
                return;
            byte* start = GcHeap.FindObject(reference);
            if (start != null)
                Push(start);
        }

        private static void Push(byte* start)
        {
            if (GcHeap.IsMarked(start))
                return;
            GcHeap.SetMarked(start);
            if (s_depth == StackCapacity)
            {
                s_overflowed = true;
                return;
            }
            s_stack[s_depth++] = start;
        }

        internal static void Drain()
        {
            while (s_depth > 0)
                TraceObject(s_stack[--s_depth]);
        }

        // Traces an already marked object's fields (overflow recovery).
        internal static void Retrace(byte* start) => TraceObject(start);

        internal static bool TakeOverflow()
        {
            bool overflowed = s_overflowed;
            s_overflowed = false;
            return overflowed;
        }

        internal static void ScanRange(nuint from, nuint to)
        {
            for (nuint word = (from + 7) & ~(nuint)7; word + 8 <= to; word += 8)
                MarkConservative(*(nuint*)word);
        }

        // Object size as the compiler's descriptors count it: BaseSize (which
        // includes the 8-byte header NativeAOT keeps in front of objects) plus
        // the components of arrays and strings.
        internal static nuint ObjectSize(MethodTable* type, byte* obj)
        {
            nuint size = type->BaseSize;
            if (type->HasComponentSize)
                size += (nuint)(*(uint*)(obj + 8)) * type->ComponentSize;
            return size;
        }

        // The GC descriptor sits just below the MethodTable, growing down:
        //   [-1] n = series count
        //   n > 0: n series {nint size, nint offset} below it; a series covers
        //          `size + ObjectSize` bytes of references from obj + offset
        //          (size is stored minus the object size, which is what lets
        //          one series describe an array of references of any length)
        //   n < 0: an array of structs: [-2] offset of the first element's
        //          first reference, then -n items {u32 count, u32 skip}
        //          repeated per element until the end of the object.
        private static void TraceObject(byte* obj)
        {
            MethodTable* type = *(MethodTable**)obj;
            if (type == null || !type->HasPointers)
                return;
            nint* descriptor = (nint*)type;
            nint series = descriptor[-1];
            nuint size = ObjectSize(type, obj);
            if (series > 0)
            {
                nint* current = descriptor - 3;
                for (nint i = 0; i < series; i++, current -= 2)
                {
                    byte* field = obj + current[1];
                    byte* stop = field + (nint)size + current[0];
                    for (; field < stop; field += 8)
                        MarkReference(*(nuint*)field);
                }
                return;
            }
            byte* element = obj + descriptor[-2];
            byte* end = obj + size - 8;
            uint* items = (uint*)(descriptor - 3);
            nint count = -series;
            while (element < end)
            {
                for (nint i = 0; i < count && element < end; i++)
                {
                    uint pointers = items[-2 * i];
                    uint skip = items[-2 * i + 1];
                    for (uint p = 0; p < pointers; p++, element += 8)
                        MarkReference(*(nuint*)element);
                    element += skip;
                }
            }
        }
    }
}
