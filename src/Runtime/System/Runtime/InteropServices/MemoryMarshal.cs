using System.Runtime.CompilerServices;

namespace System.Runtime.InteropServices
{
    // The one MemoryMarshal member the kernel uses, as .NET declares it: a
    // span over a fixed buffer inside an object (Privilege's record), which
    // a byref keeps valid wherever the object lives.
    public static class MemoryMarshal
    {
        public static ReadOnlySpan<T> CreateReadOnlySpan<T>(scoped ref readonly T reference, int length) =>
            new ReadOnlySpan<T>(ref Unsafe.AsRef(in reference), length);
    }
}
