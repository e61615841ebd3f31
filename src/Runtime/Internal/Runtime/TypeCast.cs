using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace System.Runtime
{
    // Casting helpers ilc calls for `is`, `as`, casts and covariant array
    // stores. Supported: class hierarchies, interfaces (the interface map
    // lists inherited interfaces too), arrays whose element types are
    // identical or reference-compatible, boxed value types by exact type.
    // Generic variance on interfaces is not supported (casts fail).
    internal static unsafe class TypeCast
    {
        internal static bool IsAssignable(MethodTable* source, MethodTable* target)
        {
            if (source == target)
                return true;
            if (target->IsInterface)
                return ImplementsInterface(source, target);
            if (source->IsArray && target->IsArray)
            {
                MethodTable* sourceElement = source->RelatedType;
                MethodTable* targetElement = target->RelatedType;
                // Value-type arrays are only compatible with themselves.
                if (sourceElement->IsValueType || targetElement->IsValueType)
                    return false;
                return source->ElementType == target->ElementType && IsAssignable(sourceElement, targetElement);
            }
            if (source->IsParameterized)
            {
                // An array converts to its base classes (System.Array, Object).
                return source->IsArray && IsSameOrBase(MethodTable.Of<Array>(), target);
            }
            for (MethodTable* t = source->BaseType; t != null; t = t->BaseType)
            {
                if (t == target)
                    return true;
            }
            return false;
        }

        private static bool IsSameOrBase(MethodTable* type, MethodTable* target)
        {
            for (MethodTable* t = type; t != null; t = t->BaseType)
            {
                if (t == target)
                    return true;
            }
            return false;
        }

        private static bool ImplementsInterface(MethodTable* type, MethodTable* target)
        {
            MethodTable** map = type->InterfaceMap;
            for (int i = 0; i < type->NumInterfaces; i++)
            {
                if (map[i] == target)
                    return true;
            }
            return false;
        }

        internal static object? IsInstanceOfAny(MethodTable* target, object? obj)
        {
            if (obj == null || IsAssignable(obj.m_pEEType, target))
                return obj;
            return null;
        }

        internal static object? IsInstanceOfClass(MethodTable* target, object? obj) => IsInstanceOfAny(target, obj);

        internal static object? IsInstanceOfInterface(MethodTable* target, object? obj) => IsInstanceOfAny(target, obj);

        // Used by catch clauses to match a thrown exception against a type.
        internal static bool IsInstanceOfException(MethodTable* target, object? obj) =>
            obj != null && IsAssignable(obj.m_pEEType, target);

        internal static object? CheckCastAny(MethodTable* target, object? obj)
        {
            if (obj == null || IsAssignable(obj.m_pEEType, target))
                return obj;
            throw new InvalidCastException();
        }

        internal static object? CheckCastClass(MethodTable* target, object? obj) => CheckCastAny(target, obj);

        internal static object? CheckCastInterface(MethodTable* target, object? obj) => CheckCastAny(target, obj);

        internal static object? CheckCastClassSpecial(MethodTable* target, object? obj) => CheckCastAny(target, obj);

        // array[index] = value for arrays of references: the value must fit the
        // array's actual element type (arrays are covariant).
        internal static void StelemRef(object?[] array, nint index, object? value)
        {
            if ((nuint)index >= (nuint)array.Length)
                throw new IndexOutOfRangeException();
            ref object? element = ref Unsafe.Add(ref ArrayData.FirstElement(array), index);
            if (value != null)
            {
                MethodTable* elementType = array.m_pEEType->RelatedType;
                if (value.m_pEEType != elementType && !IsAssignable(value.m_pEEType, elementType))
                    throw new ArrayTypeMismatchException();
            }
            element = value;
        }

        // ref array[index] for arrays of references: the array must be exactly
        // of the expected element type, or a write through the ref could break
        // covariance.
        internal static ref object? LdelemaRef(object?[] array, nint index, MethodTable* elementType)
        {
            if ((nuint)index >= (nuint)array.Length)
                throw new IndexOutOfRangeException();
            if (array.m_pEEType->RelatedType != elementType)
                throw new ArrayTypeMismatchException();
            return ref Unsafe.Add(ref ArrayData.FirstElement(array), index);
        }
    }
}
