using System;

namespace Minix3.Cosmos.Kernel.Boot
{
    // Boot structures hand us ASCII bytes; the kernel names things with
    // string literals. This compares the two without allocating.
    internal static class AsciiText
    {
        internal static bool EqualsLiteral(ReadOnlySpan<byte> bytes, string literal)
        {
            if (bytes.Length != literal.Length)
                return false;
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != literal[i])
                    return false;
            }
            return true;
        }

        internal static bool EqualsBytes(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        {
            if (a.Length != b.Length)
                return false;
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                    return false;
            }
            return true;
        }
    }
}
