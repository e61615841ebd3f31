using System.Runtime.CompilerServices;

namespace System.Numerics
{
    // Bit scans. [Intrinsic]: the compiler replaces these with the CPU's own
    // instructions (tzcnt/bsf, lzcnt/bsr, popcnt) where it can; the bodies are
    // the portable fallback with the same results (count of 32/64 for zero).
    public static class BitOperations
    {
        [Intrinsic]
        public static int TrailingZeroCount(uint value)
        {
            if (value == 0)
                return 32;
            int count = 0;
            while ((value & 1) == 0)
            {
                value >>= 1;
                count++;
            }
            return count;
        }

        [Intrinsic]
        public static int TrailingZeroCount(ulong value)
        {
            uint low = (uint)value;
            return low != 0 ? TrailingZeroCount(low) : 32 + TrailingZeroCount((uint)(value >> 32));
        }

        [Intrinsic]
        public static int LeadingZeroCount(ulong value)
        {
            if (value == 0)
                return 64;
            int count = 0;
            while ((value & 0x8000_0000_0000_0000) == 0)
            {
                value <<= 1;
                count++;
            }
            return count;
        }

        [Intrinsic]
        public static int PopCount(ulong value)
        {
            int count = 0;
            for (; value != 0; value &= value - 1)
                count++;
            return count;
        }
    }
}
