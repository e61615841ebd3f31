using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace System.Runtime
{
    // Boxing and unboxing helpers ilc calls when it does not inline them.
    // A box is an object whose fields are the value's bytes; Nullable<T>
    // boxes to its T (or null) and unboxes from a boxed T.
    internal static unsafe class RuntimeExports
    {
        // The first byte after the MethodTable pointer.
        private static ref byte DataOf(object box) =>
            ref Unsafe.As<RawData>(box).Data;

        private static nuint ValueSize(MethodTable* type) => type->BaseSize - (nuint)(2 * sizeof(nint));

        internal static object? RhBox(MethodTable* type, ref byte data)
        {
            if (type->ElementType == MethodTable.ElementTypeNullable)
            {
                // Nullable<T> is { bool hasValue; T value } with T at the
                // field offset ilc recorded as the type's value offset; T's
                // MethodTable is the related type.
                if (data == 0)
                    return null;
                MethodTable* valueType = type->RelatedType;
                object boxedValue = Allocator.NewObject(valueType);
                Buffer.Memmove((byte*)Unsafe.AsPointer(ref DataOf(boxedValue)),
                    (byte*)Unsafe.AsPointer(ref data) + NullableValueOffset(type), ValueSize(valueType));
                return boxedValue;
            }
            object result = Allocator.NewObject(type);
            Buffer.Memmove((byte*)Unsafe.AsPointer(ref DataOf(result)), (byte*)Unsafe.AsPointer(ref data), ValueSize(type));
            return result;
        }

        internal static object? RhBoxAny(ref byte data, MethodTable* type)
        {
            if (type->IsValueType)
                return RhBox(type, ref data);
            return Unsafe.As<byte, object>(ref data);
        }

        internal static ref byte RhUnbox2(MethodTable* type, object box)
        {
            if (box == null || box.m_pEEType != type)
                throw new InvalidCastException();
            return ref DataOf(box);
        }

        internal static void RhUnboxNullable(ref byte data, MethodTable* type, object? box)
        {
            MethodTable* valueType = type->RelatedType;
            if (box == null)
            {
                Buffer.ZeroMemory((byte*)Unsafe.AsPointer(ref data), type->BaseSize - (nuint)(2 * sizeof(nint)));
                return;
            }
            if (box.m_pEEType != valueType)
                throw new InvalidCastException();
            data = 1;
            Buffer.Memmove((byte*)Unsafe.AsPointer(ref data) + NullableValueOffset(type),
                (byte*)Unsafe.AsPointer(ref DataOf(box)), ValueSize(valueType));
        }

        internal static void RhUnboxAny(object? box, ref byte data, MethodTable* type)
        {
            if (type->ElementType == MethodTable.ElementTypeNullable)
            {
                RhUnboxNullable(ref data, type, box);
                return;
            }
            if (type->IsValueType)
            {
                if (box == null || box.m_pEEType != type)
                    throw new InvalidCastException();
                Buffer.Memmove((byte*)Unsafe.AsPointer(ref data), (byte*)Unsafe.AsPointer(ref DataOf(box)), ValueSize(type));
                return;
            }
            if (box != null && !TypeCast.IsAssignable(box.m_pEEType, type))
                throw new InvalidCastException();
            Unsafe.As<byte, object?>(ref data) = box;
        }

        // Nullable<T>'s value sits after the bool, aligned to T's alignment,
        // which for the corelib's types is min(size of T, 8).
        private static nuint NullableValueOffset(MethodTable* nullableType)
        {
            nuint size = ValueSize(nullableType->RelatedType);
            return size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? (nuint)2 : 1;
        }
    }
}
