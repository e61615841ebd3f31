using System.Runtime.CompilerServices;

namespace System.Runtime.CompilerServices
{
    // ilc gives each type with a static constructor a context holding the
    // constructor's address; before the first access to the type's statics,
    // generated code calls one of the Check* helpers. The constructor runs
    // once: the address is cleared before the call, so a constructor that
    // touches its own statics does not recurse. Single-threaded: components
    // have one thread each, the kernel runs with interrupts off here.
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    public struct StaticClassConstructionContext
    {
        public nint cctorMethodAddress;
    }

    internal static unsafe class ClassConstructorRunner
    {
        private static object CheckStaticClassConstructionReturnGCStaticBase(StaticClassConstructionContext* context, object gcStaticBase)
        {
            EnsureClassConstructorRun(context);
            return gcStaticBase;
        }

        private static nint CheckStaticClassConstructionReturnNonGCStaticBase(StaticClassConstructionContext* context, nint nonGcStaticBase)
        {
            EnsureClassConstructorRun(context);
            return nonGcStaticBase;
        }

        private static void EnsureClassConstructorRun(StaticClassConstructionContext* context)
        {
            nint constructor = context->cctorMethodAddress;
            if (constructor == 0)
                return;
            context->cctorMethodAddress = 0;
            ((delegate*<void>)constructor)();
        }
    }
}
