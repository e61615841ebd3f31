using System.Runtime;

namespace Internal.Runtime
{
    // Entry points ilc emits around calls between managed and native code and
    // around stores of references into the heap. With a non-moving heap and no
    // collector there is nothing to track, so the transitions are empty and
    // the write barriers are plain stores. (RhpByRefAssignRef advances its
    // argument registers, so it is written in assembly: src/Asm.) Issue 4's collector hooks in here.
    internal static unsafe class Transitions
    {
        [RuntimeExport("RhpReversePInvoke")]
        private static void RhpReversePInvoke(nint frame) { }

        [RuntimeExport("RhpReversePInvokeReturn")]
        private static void RhpReversePInvokeReturn(nint frame) { }

        [RuntimeExport("RhpPInvoke")]
        private static void RhpPInvoke(nint frame) { }

        [RuntimeExport("RhpPInvokeReturn")]
        private static void RhpPInvokeReturn(nint frame) { }

        [RuntimeExport("RhpAssignRef")]
        private static void RhpAssignRef(void** destination, void* reference) => *destination = reference;

        [RuntimeExport("RhpCheckedAssignRef")]
        private static void RhpCheckedAssignRef(void** destination, void* reference) => *destination = reference;
    }
}
