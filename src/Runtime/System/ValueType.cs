namespace System
{
    // Base of all structs. ilc gives every value type its own Equals/GetHashCode
    // only when the type overrides them; the corelib claims no field-wise
    // comparison, so a struct that needs one must override it.
    public abstract class ValueType
    {
    }

    // Enums are compiled as their underlying integer; no reflection-based
    // ToString/Parse is offered (that would need metadata we do not keep).
    public abstract class Enum : ValueType
    {
    }

    public struct Void
    {
    }
}
