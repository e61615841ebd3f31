namespace Internal.Runtime.CompilerHelpers
{
    // `ldtoken` in IL becomes a call to one of these with the address ilc
    // assigned to the entity; the handles just carry that address.
    internal static class LdTokenHelpers
    {
        private static System.RuntimeTypeHandle GetRuntimeTypeHandle(nint pEEType) => new System.RuntimeTypeHandle(pEEType);
        private static System.RuntimeMethodHandle GetRuntimeMethodHandle(nint pHandleSignature) => new System.RuntimeMethodHandle(pHandleSignature);
        private static System.RuntimeFieldHandle GetRuntimeFieldHandle(nint pHandleSignature) => new System.RuntimeFieldHandle(pHandleSignature);
    }
}
