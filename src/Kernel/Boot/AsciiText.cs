using System;

namespace Minix3.Cosmos.Kernel.Boot
{
    // Boot structures hand us ASCII bytes; the kernel names things with
    // string literals. These compare the two without allocating.
    internal static class AsciiText
    {
        internal static bool EqualsLiteral(ReadOnlySpan<byte> bytes, string literal) =>
            bytes.Length == literal.Length && StartsWith(bytes, literal);

        internal static bool StartsWith(ReadOnlySpan<byte> bytes, string literal)
        {
            if (bytes.Length < literal.Length)
                return false;
            for (int i = 0; i < literal.Length; i++)
            {
                if (bytes[i] != literal[i])
                    return false;
            }
            return true;
        }
    }
}
