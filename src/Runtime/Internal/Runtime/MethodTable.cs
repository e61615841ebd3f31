namespace Internal.Runtime
{
    // The compiler's type descriptor (what NativeAOT calls MethodTable, older
    // sources EEType). Layout contract with ilc 10 on x64, 24 bytes, then:
    //   vtable:        NumVtableSlots * 8-byte code pointers
    //   interface map: NumInterfaces  * 8-byte MethodTable pointers (all
    //                  interfaces the type implements, inherited ones included)
    //   then 4-byte relative pointers: TypeManager, WritableData, and, each only
    //   when its flag is set, DispatchMap, Finalizer, SealedVirtualSlots, ...
    // A relative pointer at address p holding d points to p + d.
    internal unsafe struct MethodTable
    {
        // Low 16 bits: component size of arrays/strings (HasComponentSize) or
        // extended flags; high 16 bits: Flags below.
        internal uint Flags;
        internal uint BaseSize;
        // Base type for classes; element type for arrays and pointers.
        internal MethodTable* RelatedType;
        internal ushort NumVtableSlots;
        internal ushort NumInterfaces;
        internal uint HashCode;

        internal const uint KindMask = 0x00030000;
        internal const uint KindParameterized = 0x00020000; // arrays, pointers, byrefs
        internal const uint HasDispatchMapFlag = 0x00040000;
        internal const uint HasFinalizerFlag = 0x00100000;
        internal const uint HasSealedVTableEntriesFlag = 0x00400000;
        internal const uint HasPointersFlag = 0x01000000;
        internal const uint IsGenericFlag = 0x02000000;
        internal const uint ElementTypeMask = 0x7C000000;
        internal const int ElementTypeShift = 26;
        internal const uint HasComponentSizeFlag = 0x80000000;

        // Values of the element-type field (bits 26..30).
        internal const uint ElementTypeValueType = 0x10;
        internal const uint ElementTypeNullable = 0x12;
        internal const uint ElementTypeInterface = 0x15;
        internal const uint ElementTypeArray = 0x17;
        internal const uint ElementTypeSzArray = 0x18;

        internal ushort ComponentSize => HasComponentSize ? (ushort)Flags : (ushort)0;
        internal bool HasComponentSize => (Flags & HasComponentSizeFlag) != 0;
        internal bool HasPointers => (Flags & HasPointersFlag) != 0;
        internal bool HasDispatchMap => (Flags & HasDispatchMapFlag) != 0;
        internal bool IsFinalizable => (Flags & HasFinalizerFlag) != 0;
        internal bool HasSealedVirtuals => (Flags & HasSealedVTableEntriesFlag) != 0;
        internal uint ElementType => (Flags & ElementTypeMask) >> ElementTypeShift;
        internal bool IsInterface => ElementType == ElementTypeInterface;
        internal bool IsArray => ElementType == ElementTypeArray || ElementType == ElementTypeSzArray;
        internal bool IsValueType => ElementType < 0x14 && ElementType != 0;
        internal bool IsParameterized => (Flags & KindMask) == KindParameterized;

        internal MethodTable* BaseType => IsParameterized ? null : RelatedType;

        internal nint* Vtable
        {
            get { fixed (MethodTable* self = &this) return (nint*)(self + 1); }
        }

        internal MethodTable** InterfaceMap => (MethodTable**)(Vtable + NumVtableSlots);

        // Address of the first relative-pointer field after the interface map.
        private byte* OptionalFields => (byte*)(InterfaceMap + NumInterfaces);

        internal DispatchMap* DispatchMapPointer
        {
            get
            {
                if (!HasDispatchMap)
                    return null;
                // Skip TypeManager and WritableData.
                return (DispatchMap*)FollowRelative((int*)(OptionalFields + 8));
            }
        }

        internal nint SealedVirtualSlot(int index)
        {
            byte* field = OptionalFields + 8;
            if (HasDispatchMap)
                field += 4;
            if (IsFinalizable)
                field += 4;
            int* table = (int*)FollowRelative((int*)field);
            return (nint)FollowRelative(table + index);
        }

        // ilc expands this to the address of T's MethodTable.
        [System.Runtime.CompilerServices.Intrinsic]
        internal static extern MethodTable* Of<T>();

        internal static byte* FollowRelative(int* address) => (byte*)address + *address;
    }

    // Which implementation slot serves an interface method, per type.
    internal unsafe struct DispatchMap
    {
        internal ushort StandardEntryCount;
        internal ushort DefaultEntryCount;
        internal ushort StandardStaticEntryCount;
        internal ushort DefaultStaticEntryCount;

        internal DispatchMapEntry* Entries
        {
            get { fixed (DispatchMap* self = &this) return (DispatchMapEntry*)(self + 1); }
        }
    }

    internal struct DispatchMapEntry
    {
        internal ushort InterfaceIndex;
        internal ushort InterfaceMethodSlot;
        internal ushort ImplementationSlot;
    }

    // The shape of any object, for reaching its first field's bytes.
    internal sealed class RawData
    {
        internal byte Data;
    }

    // The shape of any array object, for reaching its elements.
    internal sealed class RawArrayData
    {
        internal uint Length;
        internal uint Padding;
        internal byte Data;
    }
}
