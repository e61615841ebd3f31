namespace System.Runtime.InteropServices
{
    public enum LayoutKind
    {
        Sequential = 0,
        Explicit = 2,
        Auto = 3,
    }

    public sealed class StructLayoutAttribute : Attribute
    {
        public StructLayoutAttribute(LayoutKind layoutKind) { Value = layoutKind; }
        public LayoutKind Value { get; }
        public int Pack;
        public int Size;
    }

    public sealed class FieldOffsetAttribute : Attribute
    {
        public FieldOffsetAttribute(int offset) { }
    }

    public sealed class InAttribute : Attribute { }
    public sealed class OutAttribute : Attribute { }

    // Marks a static method callable from native code (the assembly stubs)
    // with the given export name.
    public sealed class UnmanagedCallersOnlyAttribute : Attribute
    {
        public Type[]? CallConvs;
        public string? EntryPoint;
    }

    public sealed class SuppressGCTransitionAttribute : Attribute { }
}

namespace System.Runtime.InteropServices
{
    // ilc looks this interface up by name; no type implements it here, so
    // casts never consult it.
    public interface IDynamicInterfaceCastable
    {
        bool IsInterfaceImplemented(RuntimeTypeHandle interfaceType, bool throwIfNotImplemented);
        RuntimeTypeHandle GetInterfaceImplementation(RuntimeTypeHandle interfaceType);

        // The runtime's hook for dispatch on such objects; unreachable here.
        private static unsafe nint GetDynamicInterfaceImplementation(object instance, Internal.Runtime.MethodTable* interfaceType, ushort slot)
        {
            Minix3.Cosmos.Runtime.RuntimeEnvironment.Fail("dynamic interface casting is not supported");
            return 0;
        }
    }
}
