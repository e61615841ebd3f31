using Internal.Runtime;
using System.Runtime.CompilerServices;

namespace System
{
    // The layout of Object is a contract with the compiler: every object starts
    // with a pointer to its MethodTable, and nothing else. ilc reads the first
    // instance field as that pointer and computes every other type's field
    // offsets after it; it also refers to the field by its NativeAOT name,
    // m_pEEType, when it generates unboxing stubs (e.g. for a struct
    // enumerator called through IDisposable).
    public unsafe class Object
    {
        internal MethodTable* m_pEEType;

        public Object() { }

        // The heap does not move objects, so an object's address is a stable hash.
        public virtual int GetHashCode()
        {
            return RuntimeHelpers.GetHashCode(this);
        }

        public virtual bool Equals(object? other) => ReferenceEquals(this, other);

        // Types override this to describe themselves. The default cannot give
        // the type's name (no metadata is kept), so it names the type by the
        // address of its MethodTable, which the ELF file's symbol table names.
        public virtual string ToString() =>
            string.Concat("<object of type 0x", ((ulong)m_pEEType).ToString("x"), ">");

        public static bool ReferenceEquals(object? a, object? b) => a == b;

        internal MethodTable* GetMethodTable() => m_pEEType;
    }
}
